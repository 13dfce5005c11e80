using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Ferry.Data.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "audit_entries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    JobId = table.Column<long>(type: "bigint", nullable: false),
                    Surface = table.Column<int>(type: "integer", nullable: false),
                    SubscriptionId = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    ResourceGroup = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    JobName = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, collation: "C"),
                    At = table.Column<long>(type: "bigint", nullable: false),
                    ActorKind = table.Column<int>(type: "integer", nullable: false),
                    Actor = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Action = table.Column<int>(type: "integer", nullable: false),
                    DriveId = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    OldState = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    NewState = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    Reason = table.Column<string>(type: "text", nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit_entries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "data_protection_keys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    FriendlyName = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    Xml = table.Column<string>(type: "text", nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_data_protection_keys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "jobs",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Surface = table.Column<int>(type: "integer", nullable: false),
                    SubscriptionId = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    ResourceGroup = table.Column<string>(type: "character varying(90)", maxLength: 90, nullable: false, collation: "C"),
                    Name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, collation: "C"),
                    NameKey = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, collation: "C"),
                    StorageAccountName = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false, collation: "C"),
                    Type = table.Column<int>(type: "integer", nullable: false),
                    Location = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false, collation: "C"),
                    State = table.Column<int>(type: "integer", nullable: false),
                    CancelRequested = table.Column<bool>(type: "boolean", nullable: false),
                    FriendlyName = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    Description = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    Metadata = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    ReturnAddress = table.Column<string>(type: "text", nullable: true),
                    ReturnShipping = table.Column<string>(type: "text", nullable: true),
                    DeliveryPackage = table.Column<string>(type: "text", nullable: true),
                    ReturnPackage = table.Column<string>(type: "text", nullable: true),
                    DiagnosticsPath = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    EnableVerboseLog = table.Column<bool>(type: "boolean", nullable: false),
                    BackupDriveManifest = table.Column<bool>(type: "boolean", nullable: false),
                    IncompleteBlobListUri = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    PercentComplete = table.Column<int>(type: "integer", nullable: true),
                    Export = table.Column<string>(type: "text", nullable: true),
                    ProtectedAccountKey = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    ProtectedContainerSas = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false),
                    LastModifiedAt = table.Column<long>(type: "bigint", nullable: false),
                    LastTouchedAt = table.Column<long>(type: "bigint", nullable: false),
                    StateChangedAt = table.Column<long>(type: "bigint", nullable: false),
                    ShippingAt = table.Column<long>(type: "bigint", nullable: true),
                    ExtraDriveIds = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_jobs", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "leader_leases",
                columns: table => new
                {
                    Name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, collation: "C"),
                    Owner = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false, collation: "C"),
                    ExpiresAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_leader_leases", x => x.Name);
                });

            migrationBuilder.CreateTable(
                name: "subscriptions",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    Enabled = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_subscriptions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "webhook_deliveries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    WebhookId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false, collation: "C"),
                    SubscriptionId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    AuditEntryId = table.Column<long>(type: "bigint", nullable: false),
                    EventId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    NextAttemptAt = table.Column<long>(type: "bigint", nullable: false),
                    LastStatusCode = table.Column<int>(type: "integer", nullable: true),
                    LastError = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    DeliveredAt = table.Column<long>(type: "bigint", nullable: true),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_webhook_deliveries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "webhooks",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false, collation: "C"),
                    SubscriptionId = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    Url = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    ProtectedSecret = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_webhooks", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "drives",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    JobId = table.Column<long>(type: "bigint", nullable: false),
                    Ordinal = table.Column<int>(type: "integer", nullable: false),
                    DriveId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false, collation: "C"),
                    ProtectedBitLockerKey = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    ManifestFile = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    ManifestHash = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    State = table.Column<int>(type: "integer", nullable: false),
                    CopyStatus = table.Column<int>(type: "integer", nullable: true),
                    PercentComplete = table.Column<int>(type: "integer", nullable: true),
                    BytesSucceeded = table.Column<long>(type: "bigint", nullable: false),
                    VerboseLogUri = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    ErrorLogUri = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    ManifestUri = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    ContentPath = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    StateChangedAt = table.Column<long>(type: "bigint", nullable: false)
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
                name: "transfer_items",
                columns: table => new
                {
                    JobId = table.Column<long>(type: "bigint", nullable: false),
                    DriveId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false, collation: "C"),
                    Ordinal = table.Column<int>(type: "integer", nullable: false),
                    Decision = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    Result = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    Bytes = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_transfer_items", x => new { x.JobId, x.DriveId, x.Ordinal });
                    table.ForeignKey(
                        name: "FK_transfer_items_jobs_JobId",
                        column: x => x.JobId,
                        principalTable: "jobs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "transfer_leases",
                columns: table => new
                {
                    JobId = table.Column<long>(type: "bigint", nullable: false),
                    DriveId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false, collation: "C"),
                    Owner = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false, collation: "C"),
                    ExpiresAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_transfer_leases", x => new { x.JobId, x.DriveId });
                    table.ForeignKey(
                        name: "FK_transfer_leases_jobs_JobId",
                        column: x => x.JobId,
                        principalTable: "jobs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "management_certificates",
                columns: table => new
                {
                    Thumbprint = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false, collation: "C"),
                    SubscriptionId = table.Column<string>(type: "character varying(36)", nullable: false, collation: "C"),
                    Subject = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    NotAfter = table.Column<long>(type: "bigint", nullable: false),
                    AddedAt = table.Column<long>(type: "bigint", nullable: false)
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
                name: "IX_audit_entries_JobId_Id",
                table: "audit_entries",
                columns: new[] { "JobId", "Id" });

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
                name: "IX_jobs_Surface_SubscriptionId_State_LastTouchedAt",
                table: "jobs",
                columns: new[] { "Surface", "SubscriptionId", "State", "LastTouchedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_jobs_Surface_SubscriptionId_StorageAccountName_NameKey",
                table: "jobs",
                columns: new[] { "Surface", "SubscriptionId", "StorageAccountName", "NameKey" });

            migrationBuilder.CreateIndex(
                name: "IX_management_certificates_SubscriptionId",
                table: "management_certificates",
                column: "SubscriptionId");

            migrationBuilder.CreateIndex(
                name: "IX_webhook_deliveries_Status_NextAttemptAt",
                table: "webhook_deliveries",
                columns: new[] { "Status", "NextAttemptAt" });

            migrationBuilder.CreateIndex(
                name: "IX_webhook_deliveries_WebhookId_Id",
                table: "webhook_deliveries",
                columns: new[] { "WebhookId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_webhooks_SubscriptionId",
                table: "webhooks",
                column: "SubscriptionId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "audit_entries");

            migrationBuilder.DropTable(
                name: "data_protection_keys");

            migrationBuilder.DropTable(
                name: "drives");

            migrationBuilder.DropTable(
                name: "leader_leases");

            migrationBuilder.DropTable(
                name: "management_certificates");

            migrationBuilder.DropTable(
                name: "transfer_items");

            migrationBuilder.DropTable(
                name: "transfer_leases");

            migrationBuilder.DropTable(
                name: "webhook_deliveries");

            migrationBuilder.DropTable(
                name: "webhooks");

            migrationBuilder.DropTable(
                name: "subscriptions");

            migrationBuilder.DropTable(
                name: "jobs");
        }
    }
}
