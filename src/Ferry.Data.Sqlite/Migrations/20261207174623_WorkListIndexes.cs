using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ferry.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class WorkListIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_jobs_State_Id",
                table: "jobs",
                columns: new[] { "State", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_drives_Claimable",
                table: "drives",
                columns: new[] { "JobId", "Ordinal" },
                filter: "\"State\" IN (2, 4) AND \"ContentPath\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_jobs_State_Id",
                table: "jobs");

            migrationBuilder.DropIndex(
                name: "IX_drives_Claimable",
                table: "drives");
        }
    }
}
