using Azure;
using Azure.Core;
using Ferry.Client.Models;

namespace Ferry.Client.Operator;

/// <summary>The operator's view across subscriptions (<c>/operator/jobs</c>, <c>/operator/jobs/counts</c>, <c>/operator/transfers</c>).</summary>
public partial class FerryOperatorClient
{
    /// <summary>
    /// Searches the jobs of every subscription and surface, newest first, following <c>nextLink</c> across pages. The
    /// paging is keyset: a job created while paging never repeats or shifts a page. Fails with 400 <c>BadRequest</c>
    /// naming the filter the service refuses.
    /// </summary>
    /// <param name="query">Filters; <see langword="null"/> lists every job.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <returns>The jobs with their drives; a page's continuation token is its <c>nextLink</c>.</returns>
    public virtual AsyncPageable<OperatorJob> GetJobsAsync(OperatorJobQuery? query = null, CancellationToken cancellationToken = default) =>
        new JobSearchPageable(this, query ?? new OperatorJobQuery(), cancellationToken);

    /// <summary>Counts the jobs matching <paramref name="query"/> (its page size ignored), in all and per state.</summary>
    /// <param name="query">Filters; <see langword="null"/> counts every job.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The counts.</returns>
    /// <exception cref="RequestFailedException">The service answered with an error.</exception>
    public virtual async Task<Response<OperatorJobCounts>> GetJobCountsAsync(OperatorJobQuery? query = null, CancellationToken cancellationToken = default)
    {
        using var message = CreateMessage(RequestMethod.Get, "jobs/counts" + (query ?? new OperatorJobQuery()).ToQuery(paging: false), _noBody);
        await SendAsync(message, 200, cancellationToken).ConfigureAwait(false);
        return Response.FromValue(await ReadAsync<OperatorJobCounts>(message.Response, cancellationToken).ConfigureAwait(false), message.Response);
    }

    /// <summary>Lists the drives being copied now, oldest copy first, with bytes copied and the average throughput so far.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The drives; never <see langword="null"/>.</returns>
    /// <exception cref="RequestFailedException">The service answered with an error.</exception>
    public virtual async Task<Response<IReadOnlyList<OperatorTransfer>>> GetTransfersAsync(CancellationToken cancellationToken = default)
    {
        using var message = CreateMessage(RequestMethod.Get, "transfers", _noBody);
        await SendAsync(message, 200, cancellationToken).ConfigureAwait(false);
        var list = await ReadAsync<Internal.ValueList<OperatorTransfer>>(message.Response, cancellationToken).ConfigureAwait(false);
        return Response.FromValue<IReadOnlyList<OperatorTransfer>>(list.Value ?? [], message.Response);
    }

    private sealed class SearchPage
    {
        public List<OperatorJob>? Value { get; set; }

        public string? NextLink { get; set; }
    }

    private sealed class JobSearchPageable(FerryOperatorClient client, OperatorJobQuery query, CancellationToken cancellationToken) : AsyncPageable<OperatorJob>(cancellationToken)
    {
        public override async IAsyncEnumerable<Page<OperatorJob>> AsPages(string? continuationToken = null, int? pageSizeHint = null)
        {
            var next = continuationToken ?? "jobs" + query.ToQuery(paging: true, pageSizeHint);
            while (next is not null)
            {
                using var message = client.CreateMessage(RequestMethod.Get, next, _noBody);
                await client.SendAsync(message, 200, CancellationToken).ConfigureAwait(false);
                var page = await ReadAsync<SearchPage>(message.Response, CancellationToken).ConfigureAwait(false);
                next = string.IsNullOrEmpty(page.NextLink) ? null : page.NextLink;
                yield return Page<OperatorJob>.FromValues(page.Value ?? [], next, message.Response);
            }
        }
    }
}
