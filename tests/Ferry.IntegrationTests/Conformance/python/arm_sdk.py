# Drives Ferry's ARM surface with Microsoft's own Python SDK, azure-mgmt-storageimportexport (Debian's python3-azure),
# used exactly as a customer would: the stock StorageImportExport client, a token credential, the endpoint and
# api-version as keyword arguments, the server certificate as the CA bundle (connection_verify).
#
# Usage: /usr/bin/python3 arm_sdk.py <scenario>
#   versions needs nothing else; every other scenario reads:
#   FERRY_ARM_ENDPOINT      https://127.0.0.1:port/
#   FERRY_ARM_SUBSCRIPTION  the subscription id
#   FERRY_ARM_TOKEN         the bearer token the credential hands out
#   FERRY_ARM_API_VERSION   the api-version the client is built for (one the installed SDK supports)
#   FERRY_ARM_CA_FILE       the server certificate (PEM), trusted for TLS
#   refusals only: FERRY_ARM_EXPIRED_TOKEN, FERRY_ARM_FOREIGN_TOKEN
#   window, cancel-window: FERRY_ARM_JOB ("resourceGroup/name" of the job)
#
# Prints one JSON document on stdout: {"scenario", "apiVersion", "steps": [{"name", "ok", "value"} or
# {"name", "ok": false, "statusCode", "code", "message", "stack"}]}. A step that raises is recorded as failed with
# the HttpResponseError's status and ARM error code; the test decides which steps must succeed and which must fail.

import base64
import json
import os
import pkgutil
import re
import sys
import time
import traceback

import azure.mgmt.storageimportexport as sdk
from azure.core.credentials import AccessToken
from azure.core.exceptions import HttpResponseError
from azure.mgmt.storageimportexport import StorageImportExport
from azure.mgmt.storageimportexport import models


def required(name):
    value = os.environ.get(name)
    if not value:
        raise RuntimeError(f"{name} is not set")
    return value


class StaticCredential:
    """A TokenCredential that hands out one bearer token."""

    def __init__(self, token):
        self._token = token

    def get_token(self, *scopes, **kwargs):
        return AccessToken(self._token, int(time.time()) + 3600)


def supported_api_versions():
    """The api-versions of the installed SDK: its vYYYY_MM_DD modules, or its single default."""
    modules = [m.name for m in pkgutil.iter_modules(sdk.__path__) if re.fullmatch(r"v\d{4}_\d{2}_\d{2}", m.name)]
    if modules:
        return sorted(m[1:].replace("_", "-") for m in modules)
    config = sdk._configuration.StorageImportExportConfiguration(StaticCredential("unused"), "unused")
    return [config.api_version]


def client(token=None, api_version=None):
    return StorageImportExport(
        StaticCredential(token or required("FERRY_ARM_TOKEN")),
        required("FERRY_ARM_SUBSCRIPTION"),
        base_url=required("FERRY_ARM_ENDPOINT"),
        api_version=api_version or required("FERRY_ARM_API_VERSION"),
        connection_verify=required("FERRY_ARM_CA_FILE"),
        retry_total=0,
    )


def forged(value):
    """The same token with another signature (a JWT), or a made-up value (anything else)."""
    parts = value.split(".")
    if len(parts) != 3:
        return "forged-" + value
    signature = bytearray(base64.urlsafe_b64decode(parts[2] + "=" * (-len(parts[2]) % 4)))
    signature[0] ^= 0xFF
    return ".".join([parts[0], parts[1], base64.urlsafe_b64encode(bytes(signature)).decode().rstrip("=")])


steps = []


def step(name, action):
    try:
        value = action()
        steps.append({"name": name, "ok": True, "value": value})
    except HttpResponseError as e:
        steps.append({
            "name": name,
            "ok": False,
            "statusCode": e.status_code,
            "code": e.error.code if e.error is not None else None,
            "message": e.error.message if e.error is not None else str(e),
            "stack": type(e).__name__,
        })
    except Exception as e:  # a crash in the SDK or the script is a failed step, with its traceback
        steps.append({
            "name": name,
            "ok": False,
            "statusCode": None,
            "code": None,
            "message": f"{type(e).__name__}: {e}",
            "stack": traceback.format_exc(),
        })


def plain(model):
    """The SDK model as the SDK exposes it (attribute names), JSON-ready."""
    return model.as_dict(keep_readonly=True) if model is not None else None


def with_status(call):
    """Calls `call(cls)` with a cls hook that captures the response status and the requested URL."""
    seen = {}

    def cls(pipeline_response, deserialized, headers):
        seen["status"] = pipeline_response.http_response.status_code
        seen["url"] = pipeline_response.http_request.url
        return deserialized

    result = call(cls)
    return {"status": seen.get("status"), "url": seen.get("url"), "result": plain(result)}


def names(job):
    """"resourceGroup/name" of a listed job, from its id."""
    group = re.search(r"/resourceGroups/([^/]+)/", job.id or "", re.IGNORECASE)
    return f"{group.group(1) if group else '?'}/{job.name}"


def pages(pager, continuation_token=None):
    result = []
    iterator = pager.by_page(continuation_token=continuation_token)
    for page in iterator:
        result.append({"names": [names(j) for j in page], "continuationToken": iterator.continuation_token})
    return result


def resumed(make_pager):
    """The first page of one pager, then the rest from a new pager resumed at its continuation token."""
    first_pages = make_pager().by_page()
    first = [names(j) for j in next(first_pages)]
    return {"first": first, "rest": pages(make_pager(), first_pages.continuation_token)}


# Case 1 and 2 of docs/arm-api.md §10 (the CreateJob and CreateExportJob swagger examples).
STORAGE_ACCOUNT = "/subscriptions/xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx/resourceGroups/myResourceGroup/providers/Microsoft.ClassicStorage/storageAccounts/test"
BITLOCKER_KEY = "238810-662376-448998-450120-652806-203390-606320-483076"
DRIVE_HEADER_HASH = (
    "0:1048576:FB6B6ED500D49DA6E0D723C98D42C657F2881CC13357C28DCECA6A524F1292501571A321238540E621AB5BD9C9A32637615919A75593E6CB5C1515DAE341CABF;"
    "135266304:143360:C957A189AFC38C4E80731252301EB91427CE55E61448FA3C73C6FDDE70ABBC197947EC8D0249A2C639BB10B95957D5820A4BE8DFBBF76FFFA688AE5CE0D42EC3"
)


def return_address(email="Test@contoso.com"):
    return models.ReturnAddress(
        recipient_name="Test", street_address1="Street1", street_address2="street2", city="Redmond",
        state_or_province="wa", postal_code="98007", country_or_region="USA", phone="4250000000", email=email)


def return_shipping(account="989ffff"):
    return models.ReturnShipping(carrier_name="FedEx", carrier_account_number=account)


def drive(manifest_file="\\8a0c23f7-14b7-470a-9633-fcd46590a1bc.manifest"):
    return models.DriveStatus(
        drive_id="9CA995BB", bit_locker_key=BITLOCKER_KEY, manifest_file=manifest_file,
        manifest_hash="4228EC5D8E048CB9B515338C789314BE8D0B2FDBC7C7A0308E1C826242CDE74E",
        drive_header_hash=DRIVE_HEADER_HASH)


def import_job(backup_drive_manifest=True):
    return models.PutJobParameters(location="West US", properties=models.JobDetails(
        storage_account_id=STORAGE_ACCOUNT, job_type="Import", return_address=return_address(),
        return_shipping=return_shipping(), diagnostics_path="waimportexport", log_level="Verbose",
        backup_drive_manifest=backup_drive_manifest, drive_list=[drive()]))


def export_job():
    return models.PutJobParameters(location="West US", properties=models.JobDetails(
        storage_account_id=STORAGE_ACCOUNT, job_type="Export", return_address=return_address(),
        return_shipping=return_shipping(), diagnostics_path="waimportexport", log_level="Verbose",
        backup_drive_manifest=True, export=models.Export(blob_path_prefix=["/"])))


def delivery_package(tracking="787895108176"):
    return models.DeliveryPackageInformation(carrier_name="FedEx", tracking_number=tracking, drive_count=1, ship_date="1/5/2026 9:00:00 AM")


def shipping():
    return models.UpdateJobParameters(state="Shipping", delivery_package=delivery_package(), return_address=return_address())


def job_from_env():
    group, name = required("FERRY_ARM_JOB").split("/", 1)
    return group, name


def scenario_versions():
    print(json.dumps({"scenario": "versions", "apiVersions": supported_api_versions()}))
    return None


def scenario_catalogue():
    c = client()
    step("operations.list", lambda: [o.name for o in c.operations.list()])
    step("locations.list", lambda: [{"id": loc.id, "name": loc.name} for loc in c.locations.list()])
    step("locations.get display name", lambda: plain(c.locations.get("West US")))
    step("locations.get short name", lambda: plain(c.locations.get("westus")))
    step("locations.get unknown", lambda: plain(c.locations.get("Atlantis")))


def scenario_refusals():
    token = required("FERRY_ARM_TOKEN")
    step("unsupported api-version", lambda: list(client(api_version="2019-01-01").jobs.list_by_subscription()))
    step("unsupported api-version on a job", lambda: plain(client(api_version="2019-01-01").jobs.get("myJob", "myResourceGroup")))
    step("forged token", lambda: list(client(token=forged(token)).jobs.list_by_subscription()))
    step("forged token on a job", lambda: plain(client(token=forged(token)).jobs.get("myJob", "myResourceGroup")))
    step("expired token", lambda: list(client(token=required("FERRY_ARM_EXPIRED_TOKEN")).jobs.list_by_subscription()))
    step("token for another subscription", lambda: list(client(token=required("FERRY_ARM_FOREIGN_TOKEN")).jobs.list_by_subscription()))


def scenario_jobs():
    c = client()
    rg = "myResourceGroup"
    step("create import", lambda: with_status(lambda cls: c.jobs.create("myJob", rg, import_job(), cls=cls)))
    step("create import again", lambda: with_status(lambda cls: c.jobs.create("myJob", rg, import_job(), cls=cls)))
    step("create export", lambda: with_status(lambda cls: c.jobs.create("myExportJob", rg, export_job(), cls=cls)))
    step("get", lambda: plain(c.jobs.get("myJob", rg)))
    # The SDK's model sends cancelRequested: false and backupDriveManifest: false with these tags.
    step("update tags", lambda: plain(c.jobs.update("myJob", rg, models.UpdateJobParameters(tags={"env": "test", "owner": "ferry"}))))
    step("update logLevel and backupDriveManifest", lambda: plain(c.jobs.update("myJob", rg, models.UpdateJobParameters(
        state="", log_level="Error", backup_drive_manifest=True))))
    step("bitLockerKeys.list", lambda: [plain(k) for k in c.bit_locker_keys.list("myJob", rg)])
    step("update to Shipping", lambda: plain(c.jobs.update("myJob", rg, shipping())))
    step("update cancelRequested", lambda: plain(c.jobs.update("myExportJob", rg, models.UpdateJobParameters(cancel_requested=True))))
    step("get missing", lambda: plain(c.jobs.get("noSuchJob", rg)))
    bogus = export_job()
    bogus.properties.job_type = "Bogus"
    step("create invalid", lambda: plain(c.jobs.create("badJob", rg, bogus)))
    step("delete Shipping", lambda: c.jobs.delete("myJob", rg))
    step("delete Creating", lambda: with_status(lambda cls: c.jobs.delete("myExportJob", rg, cls=cls)))
    step("get deleted", lambda: plain(c.jobs.get("myExportJob", rg)))


def scenario_lists():
    c = client()
    jobs = [("rg-beta", "job-e", export_job()), ("rg-alpha", "job-c", import_job()), ("rg-beta", "job-d", import_job()),
            ("rg-alpha", "Job-B", import_job()), ("rg-alpha", "job-a", export_job())]

    def create_all():
        for group, name, body in jobs:
            c.jobs.create(name, group, body)
        c.jobs.update("Job-B", "rg-alpha", shipping())

    step("create five jobs", create_all)
    by_sub = c.jobs.list_by_subscription
    by_group = c.jobs.list_by_resource_group
    step("listBySubscription", lambda: [names(j) for j in by_sub()])
    step("listBySubscription items", lambda: [{
        "name": j.name, "state": j.properties.state, "jobType": j.properties.job_type, "hasDriveList": j.properties.drive_list is not None,
    } for j in by_sub()])
    step("listBySubscription byPage", lambda: pages(by_sub()))
    step("listBySubscription top 3", lambda: [names(j) for j in by_sub(top=3)])
    step("listBySubscription top 3 byPage", lambda: pages(by_sub(top=3)))
    step("listBySubscription state Creating", lambda: [names(j) for j in by_sub(filter="state eq 'Creating'")])
    step("listBySubscription jobType Export", lambda: [names(j) for j in by_sub(filter="jobType eq 'Export'")])
    step("listBySubscription resumed", lambda: resumed(lambda: by_sub()))
    step("listByResourceGroup", lambda: [names(j) for j in by_group("rg-alpha")])
    step("listByResourceGroup byPage", lambda: pages(by_group("rg-alpha")))
    step("listByResourceGroup top 1", lambda: [names(j) for j in by_group("rg-alpha", top=1)])
    step("listByResourceGroup state Creating", lambda: [names(j) for j in by_group("rg-alpha", filter="state eq 'Creating'")])
    step("listByResourceGroup jobType Export", lambda: [names(j) for j in by_group("rg-beta", filter="jobType eq 'Export'")])
    step("listByResourceGroup resumed", lambda: resumed(lambda: by_group("rg-alpha")))
    step("listByResourceGroup unknown group", lambda: [names(j) for j in by_group("rg-none")])
    step("listBySubscription name", lambda: [names(j) for j in by_sub(filter="name eq 'JOB-A'")])
    step("listBySubscription bad filter", lambda: [names(j) for j in by_sub(filter="state ne 'Creating'")])
    step("listBySubscription bad top", lambda: [names(j) for j in by_sub(top=0)])


def scenario_create_window_job():
    c = client()
    group, name = job_from_env()
    # The SDK default for backupDriveManifest (False), so that the SDK's every-Update False is the stored value.
    step("create import", lambda: with_status(lambda cls: c.jobs.create(name, group, import_job(backup_drive_manifest=False), cls=cls)))


def scenario_ship():
    c = client()
    group, name = job_from_env()
    step("update to Shipping", lambda: plain(c.jobs.update(name, group, shipping())))


def scenario_window():
    """Every kind of Update on one job in its current state: values equal to the stored ones, then real changes."""
    c = client()
    group, name = job_from_env()
    job = c.jobs.get(name, group)
    p = job.properties
    state = p.state
    steps.append({"name": "state", "ok": True, "value": state})
    update = lambda body: plain(c.jobs.update(name, group, body))

    # Equal values and the SDK's defaults: no change, in every state.
    step("tags with the SDK defaults", lambda: update(models.UpdateJobParameters(tags={"state": state})))
    step("cancelRequested false", lambda: update(models.UpdateJobParameters(cancel_requested=False, backup_drive_manifest=p.backup_drive_manifest)))
    same = models.UpdateJobParameters(
        tags={"state": state}, cancel_requested=False, return_address=p.return_address, return_shipping=p.return_shipping,
        log_level=p.log_level, backup_drive_manifest=p.backup_drive_manifest, delivery_package=p.delivery_package,
        drive_list=[drive(p.drive_list[0].manifest_file)])
    step("every member equal to the stored value", lambda: update(same))
    if state != "Creating":
        step("state Shipping", lambda: update(models.UpdateJobParameters(state="Shipping", backup_drive_manifest=p.backup_drive_manifest)))

    # Real changes: each allowed only in its window (docs/lifecycle.md §3).
    other_email = "Other@contoso.com" if p.return_address.email != "Other@contoso.com" else "Test@contoso.com"
    step("change returnAddress", lambda: update(models.UpdateJobParameters(return_address=return_address(other_email))))
    other_account = "1234aaaa" if p.return_shipping.carrier_account_number != "1234aaaa" else "989ffff"
    step("change returnShipping", lambda: update(models.UpdateJobParameters(return_shipping=return_shipping(other_account))))
    other_level = "Error" if p.log_level == "Verbose" else "Verbose"
    step("change logLevel", lambda: update(models.UpdateJobParameters(log_level=other_level)))
    step("change backupDriveManifest", lambda: update(models.UpdateJobParameters(backup_drive_manifest=True)))
    step("restore backupDriveManifest", lambda: update(models.UpdateJobParameters(backup_drive_manifest=False)))
    other_tracking = "111122223333" if (p.delivery_package is None or p.delivery_package.tracking_number != "111122223333") else "787895108176"
    step("change deliveryPackage", lambda: update(models.UpdateJobParameters(delivery_package=delivery_package(other_tracking))))
    other_manifest = "\\other.manifest" if p.drive_list[0].manifest_file != "\\other.manifest" else "\\8a0c23f7-14b7-470a-9633-fcd46590a1bc.manifest"
    step("change driveList", lambda: update(models.UpdateJobParameters(drive_list=[drive(other_manifest)])))
    if state not in ("Creating", "Shipping", "Received", "Transferring"):
        step("cancelRequested true", lambda: update(models.UpdateJobParameters(cancel_requested=True)))
    step("get", lambda: plain(c.jobs.get(name, group)))


def scenario_cancel_window():
    """A job whose cancellation was requested: the SDK's cancelRequested false, and a repeated true, are no change."""
    c = client()
    group, name = job_from_env()
    state = c.jobs.get(name, group).properties.state
    steps.append({"name": "state", "ok": True, "value": state})
    step("cancelRequested true", lambda: plain(c.jobs.update(name, group, models.UpdateJobParameters(cancel_requested=True))))
    step("tags with the SDK defaults", lambda: plain(c.jobs.update(name, group, models.UpdateJobParameters(tags={"after": "cancel"}))))
    step("cancelRequested true again", lambda: plain(c.jobs.update(name, group, models.UpdateJobParameters(cancel_requested=True))))
    step("state Shipping", lambda: plain(c.jobs.update(name, group, shipping())))
    step("get", lambda: plain(c.jobs.get(name, group)))


def scenario_lifecycle_check():
    c = client()
    group, name = job_from_env()
    step("get", lambda: plain(c.jobs.get(name, group)))
    step("bitLockerKeys.list", lambda: [plain(k) for k in c.bit_locker_keys.list(name, group)])
    step("delete", lambda: with_status(lambda cls: c.jobs.delete(name, group, cls=cls)))
    step("get deleted", lambda: plain(c.jobs.get(name, group)))


SCENARIOS = {
    "versions": scenario_versions,
    "catalogue": scenario_catalogue,
    "refusals": scenario_refusals,
    "jobs": scenario_jobs,
    "lists": scenario_lists,
    "create-window-job": scenario_create_window_job,
    "ship": scenario_ship,
    "window": scenario_window,
    "cancel-window": scenario_cancel_window,
    "lifecycle-check": scenario_lifecycle_check,
}


def main():
    scenario = sys.argv[1] if len(sys.argv) > 1 else ""
    run = SCENARIOS.get(scenario)
    if run is None:
        raise SystemExit(f"Unknown scenario '{scenario}'; known: {', '.join(SCENARIOS)}")
    if scenario == "versions":
        run()
        return
    run()
    print(json.dumps({"scenario": scenario, "apiVersion": required("FERRY_ARM_API_VERSION"), "steps": steps}, default=str))


if __name__ == "__main__":
    main()
