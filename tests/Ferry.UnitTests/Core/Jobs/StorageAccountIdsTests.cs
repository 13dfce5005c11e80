using Ferry.Core.Jobs;

namespace Ferry.UnitTests.Core.Jobs;

/// <summary>The storage account resource ids ARM jobs and the storage-account registry accept.</summary>
public sealed class StorageAccountIdsTests
{
    [Theory]
    [InlineData("/subscriptions/6f43a5ce-afda-4637-ac1c-178c41ba6675/resourceGroups/rg1/providers/Microsoft.Storage/storageAccounts/account1", "account1")]
    [InlineData("/subscriptions/s/resourceGroups/my.group-(1)/providers/Microsoft.ClassicStorage/storageAccounts/abc", "abc")]
    [InlineData("/SUBSCRIPTIONS/s/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.STORAGE/STORAGEACCOUNTS/Account1", "account1")]
    [InlineData("/subscriptions/s/resourcegroups/rg/providers/microsoft.storage/storageaccounts/abcdefghijklmnopqrstuvwx", "abcdefghijklmnopqrstuvwx")]
    public void A_storage_account_id_gives_its_account_name_lowercase(string id, string name)
    {
        Assert.True(StorageAccountIds.TryParse(id, out var accountName));
        Assert.Equal(name, accountName);
        Assert.Equal(id.ToLowerInvariant(), StorageAccountIds.Key(id));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("account1")]
    [InlineData("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/ab")]
    [InlineData("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/abcdefghijklmnopqrstuvwxy")]
    [InlineData("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/my-account")]
    [InlineData("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/account1/")]
    [InlineData("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/account1/blobServices/default")]
    [InlineData("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/storageAccounts/account1")]
    [InlineData("/subscriptions//resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/account1")]
    [InlineData("/subscriptions/s/resourceGroups//providers/Microsoft.Storage/storageAccounts/account1")]
    [InlineData("subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/account1")]
    [InlineData("/subscriptions/s/resourceGroups/r g/providers/Microsoft.Storage/storageAccounts/account1")]
    [InlineData("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/acc\u212Aunt")]
    public void Anything_else_is_refused(string? id)
    {
        Assert.False(StorageAccountIds.TryParse(id, out var accountName));
        Assert.Null(accountName);
    }

    [Fact]
    public void An_id_longer_than_the_stored_column_is_refused()
    {
        var id = $"/subscriptions/s/resourceGroups/{new string('g', 400)}/providers/Microsoft.Storage/storageAccounts/account1";

        Assert.False(StorageAccountIds.TryParse(id, out _));
    }
}
