using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ferry.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class OperatorSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "DeliveryTrackingKey",
                table: "jobs",
                type: "TEXT",
                maxLength: 128,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReturnTrackingKey",
                table: "jobs",
                type: "TEXT",
                maxLength: 128,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "BytesTotal",
                table: "drives",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DriveIdKey",
                table: "drives",
                type: "TEXT",
                maxLength: 128,
                nullable: true);

            // The search keys of the jobs already stored (the store writes them with every later change).
            migrationBuilder.Sql("""
                UPDATE "jobs" SET "DeliveryTrackingKey" = NULLIF(substr(upper(trim(json_extract("DeliveryPackage", '$.TrackingNumber'))), 1, 128), ''), "ReturnTrackingKey" = NULLIF(substr(upper(trim(json_extract("ReturnPackage", '$.TrackingNumber'))), 1, 128), '')
                """);
            migrationBuilder.Sql("""
                UPDATE "drives" SET "DriveIdKey" = NULLIF(substr(upper(trim("DriveId")), 1, 128), '')
                """);

            migrationBuilder.CreateIndex(
                name: "IX_jobs_DeliveryTrackingKey",
                table: "jobs",
                column: "DeliveryTrackingKey");

            migrationBuilder.CreateIndex(
                name: "IX_jobs_ReturnTrackingKey",
                table: "jobs",
                column: "ReturnTrackingKey");

            migrationBuilder.CreateIndex(
                name: "IX_drives_DriveIdKey",
                table: "drives",
                column: "DriveIdKey");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_jobs_DeliveryTrackingKey",
                table: "jobs");

            migrationBuilder.DropIndex(
                name: "IX_jobs_ReturnTrackingKey",
                table: "jobs");

            migrationBuilder.DropIndex(
                name: "IX_drives_DriveIdKey",
                table: "drives");

            migrationBuilder.DropColumn(
                name: "DeliveryTrackingKey",
                table: "jobs");

            migrationBuilder.DropColumn(
                name: "ReturnTrackingKey",
                table: "jobs");

            migrationBuilder.DropColumn(
                name: "BytesTotal",
                table: "drives");

            migrationBuilder.DropColumn(
                name: "DriveIdKey",
                table: "drives");
        }
    }
}
