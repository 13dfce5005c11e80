using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ferry.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class SubscriptionVersions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "subscription_versions",
                columns: table => new
                {
                    Surface = table.Column<int>(type: "INTEGER", nullable: false),
                    SubscriptionId = table.Column<string>(type: "TEXT", maxLength: 36, nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_subscription_versions", x => new { x.Surface, x.SubscriptionId });
                });

            // Every subscription with jobs starts with a counter, so writes after the upgrade only ever update one.
            migrationBuilder.Sql("INSERT INTO subscription_versions (\"Surface\", \"SubscriptionId\", \"Version\") SELECT DISTINCT \"Surface\", \"SubscriptionId\", 1 FROM jobs;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "subscription_versions");
        }
    }
}
