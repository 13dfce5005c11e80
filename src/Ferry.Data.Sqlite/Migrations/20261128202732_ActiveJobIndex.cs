using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ferry.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ActiveJobIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_jobs_Surface_SubscriptionId_State_LastTouchedAt",
                table: "jobs",
                columns: new[] { "Surface", "SubscriptionId", "State", "LastTouchedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_jobs_Surface_SubscriptionId_State_LastTouchedAt",
                table: "jobs");
        }
    }
}
