using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ferry.Data.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class ArmJobs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_jobs_Surface_SubscriptionId_ResourceGroup_NameKey",
                table: "jobs");

            migrationBuilder.AddColumn<string>(
                name: "EncryptionKey",
                table: "jobs",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ResourceGroupKey",
                table: "jobs",
                type: "character varying(90)",
                maxLength: 90,
                nullable: false,
                defaultValue: "",
                collation: "C");

            migrationBuilder.AddColumn<string>(
                name: "StorageAccountId",
                table: "jobs",
                type: "character varying(400)",
                maxLength: 400,
                nullable: true,
                collation: "C");

            migrationBuilder.AddColumn<string>(
                name: "Tags",
                table: "jobs",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DriveHeaderHash",
                table: "drives",
                type: "text",
                nullable: true,
                collation: "C");

            migrationBuilder.CreateTable(
                name: "storage_accounts",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false, collation: "C"),
                    AccountName = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false, collation: "C"),
                    ProtectedAccountKey = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    ProtectedContainerSas = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    RegisteredAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_storage_accounts", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_jobs_Surface_SubscriptionId_ResourceGroupKey_NameKey",
                table: "jobs",
                columns: new[] { "Surface", "SubscriptionId", "ResourceGroupKey", "NameKey" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "storage_accounts");

            migrationBuilder.DropIndex(
                name: "IX_jobs_Surface_SubscriptionId_ResourceGroupKey_NameKey",
                table: "jobs");

            migrationBuilder.DropColumn(
                name: "EncryptionKey",
                table: "jobs");

            migrationBuilder.DropColumn(
                name: "ResourceGroupKey",
                table: "jobs");

            migrationBuilder.DropColumn(
                name: "StorageAccountId",
                table: "jobs");

            migrationBuilder.DropColumn(
                name: "Tags",
                table: "jobs");

            migrationBuilder.DropColumn(
                name: "DriveHeaderHash",
                table: "drives");

            migrationBuilder.CreateIndex(
                name: "IX_jobs_Surface_SubscriptionId_ResourceGroup_NameKey",
                table: "jobs",
                columns: new[] { "Surface", "SubscriptionId", "ResourceGroup", "NameKey" },
                unique: true);
        }
    }
}
