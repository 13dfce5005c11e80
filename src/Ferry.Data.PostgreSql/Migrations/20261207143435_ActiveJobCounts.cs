using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ferry.Data.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class ActiveJobCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "ActiveJobs",
                table: "subscription_versions",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            // Every subscription with jobs gets its maintained count from one exact count (states 6 and 7 are Completed
            // and Closed, docs/architecture.md §11.1); from here on every job write moves it in its own transaction.
            migrationBuilder.Sql("INSERT INTO subscription_versions (\"Surface\", \"SubscriptionId\", \"Version\", \"ActiveJobs\") SELECT DISTINCT j.\"Surface\", j.\"SubscriptionId\", 1, 0 FROM jobs j WHERE NOT EXISTS (SELECT 1 FROM subscription_versions v WHERE v.\"Surface\" = j.\"Surface\" AND v.\"SubscriptionId\" = j.\"SubscriptionId\");");
            migrationBuilder.Sql("UPDATE subscription_versions SET \"ActiveJobs\" = (SELECT COUNT(*) FROM jobs j WHERE j.\"Surface\" = subscription_versions.\"Surface\" AND j.\"SubscriptionId\" = subscription_versions.\"SubscriptionId\" AND j.\"State\" NOT IN (6, 7));");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ActiveJobs",
                table: "subscription_versions");
        }
    }
}
