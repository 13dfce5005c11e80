using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ferry.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "jobs",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Surface = table.Column<int>(type: "INTEGER", nullable: false),
                    SubscriptionId = table.Column<string>(type: "TEXT", maxLength: 36, nullable: false),
                    ResourceGroup = table.Column<string>(type: "TEXT", maxLength: 90, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    NameKey = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    StorageAccountName = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    Type = table.Column<int>(type: "INTEGER", nullable: false),
                    Location = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    CancelRequested = table.Column<bool>(type: "INTEGER", nullable: false),
                    FriendlyName = table.Column<string>(type: "TEXT", nullable: true),
                    Description = table.Column<string>(type: "TEXT", nullable: true),
                    Metadata = table.Column<string>(type: "TEXT", nullable: true),
                    ReturnAddress = table.Column<string>(type: "TEXT", nullable: true),
                    ReturnShipping = table.Column<string>(type: "TEXT", nullable: true),
                    DeliveryPackage = table.Column<string>(type: "TEXT", nullable: true),
                    ReturnPackage = table.Column<string>(type: "TEXT", nullable: true),
                    DiagnosticsPath = table.Column<string>(type: "TEXT", nullable: false),
                    EnableVerboseLog = table.Column<bool>(type: "INTEGER", nullable: false),
                    BackupDriveManifest = table.Column<bool>(type: "INTEGER", nullable: false),
                    IncompleteBlobListUri = table.Column<string>(type: "TEXT", nullable: true),
                    PercentComplete = table.Column<int>(type: "INTEGER", nullable: true),
                    Export = table.Column<string>(type: "TEXT", nullable: true),
                    ProtectedAccountKey = table.Column<string>(type: "TEXT", nullable: true),
                    ProtectedContainerSas = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LastModifiedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LastTouchedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    StateChangedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ShippingAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_jobs", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "subscriptions",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 36, nullable: false),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_subscriptions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "drives",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    JobId = table.Column<long>(type: "INTEGER", nullable: false),
                    Ordinal = table.Column<int>(type: "INTEGER", nullable: false),
                    DriveId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    ProtectedBitLockerKey = table.Column<string>(type: "TEXT", nullable: true),
                    ManifestFile = table.Column<string>(type: "TEXT", nullable: true),
                    ManifestHash = table.Column<string>(type: "TEXT", nullable: true),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    CopyStatus = table.Column<int>(type: "INTEGER", nullable: true),
                    PercentComplete = table.Column<int>(type: "INTEGER", nullable: true),
                    BytesSucceeded = table.Column<long>(type: "INTEGER", nullable: false),
                    VerboseLogUri = table.Column<string>(type: "TEXT", nullable: true),
                    ErrorLogUri = table.Column<string>(type: "TEXT", nullable: true),
                    ManifestUri = table.Column<string>(type: "TEXT", nullable: true),
                    StateChangedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_drives", x => x.Id);
                    table.ForeignKey(
                        name: "FK_drives_jobs_JobId",
                        column: x => x.JobId,
                        principalTable: "jobs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "management_certificates",
                columns: table => new
                {
                    Thumbprint = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    SubscriptionId = table.Column<string>(type: "TEXT", nullable: false),
                    Subject = table.Column<string>(type: "TEXT", nullable: false),
                    NotAfter = table.Column<long>(type: "INTEGER", nullable: false),
                    AddedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_management_certificates", x => x.Thumbprint);
                    table.ForeignKey(
                        name: "FK_management_certificates_subscriptions_SubscriptionId",
                        column: x => x.SubscriptionId,
                        principalTable: "subscriptions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_drives_JobId_Ordinal",
                table: "drives",
                columns: new[] { "JobId", "Ordinal" });

            migrationBuilder.CreateIndex(
                name: "IX_drives_State",
                table: "drives",
                column: "State");

            migrationBuilder.CreateIndex(
                name: "IX_jobs_State_StateChangedAt",
                table: "jobs",
                columns: new[] { "State", "StateChangedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_jobs_Surface_SubscriptionId_ResourceGroup_NameKey",
                table: "jobs",
                columns: new[] { "Surface", "SubscriptionId", "ResourceGroup", "NameKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_jobs_Surface_SubscriptionId_StorageAccountName_NameKey",
                table: "jobs",
                columns: new[] { "Surface", "SubscriptionId", "StorageAccountName", "NameKey" });

            migrationBuilder.CreateIndex(
                name: "IX_management_certificates_SubscriptionId",
                table: "management_certificates",
                column: "SubscriptionId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "drives");

            migrationBuilder.DropTable(
                name: "management_certificates");

            migrationBuilder.DropTable(
                name: "jobs");

            migrationBuilder.DropTable(
                name: "subscriptions");
        }
    }
}
