using OvhIkvm.Kvm.Sessions;
using OvhIkvm.Testing;

namespace OvhIkvm.Kvm.Tests.Sessions;

/// <summary>The process-wide decode budget: reservations queue in order, never exceed it, and cancelled waits leave no trace.</summary>
public sealed class DecodeMemoryBudgetTests
{
    [Fact]
    public async Task Reservations_that_fit_are_granted_at_once_and_given_back_on_dispose()
    {
        var budget = new DecodeMemoryBudget(TimeProvider.System, capacity: 100);

        var first = await budget.ReserveAsync(60, TestContext.Current.CancellationToken);
        var second = await budget.ReserveAsync(40, TestContext.Current.CancellationToken);
        Assert.Equal(100, budget.Reserved);

        first.Dispose();
        first.Dispose();
        second.Dispose();
        Assert.Equal(0, budget.Reserved);
    }

    [Fact]
    public async Task A_reservation_that_does_not_fit_waits_and_later_ones_queue_behind_it()
    {
        var budget = new DecodeMemoryBudget(TimeProvider.System, capacity: 100);
        var holder = await budget.ReserveAsync(80, TestContext.Current.CancellationToken);

        var large = budget.ReserveAsync(50, TestContext.Current.CancellationToken).AsTask();
        var small = budget.ReserveAsync(10, TestContext.Current.CancellationToken).AsTask();

        // The small one would fit, but first come, first served: a stream of small captures cannot starve a large one.
        Assert.False(large.IsCompleted);
        Assert.False(small.IsCompleted);
        Assert.Equal(2, budget.Waiting);

        holder.Dispose();
        using var largeLease = await large.WaitAsync(TestTimeouts.Within(TestTimeouts.Network));
        using var smallLease = await small.WaitAsync(TestTimeouts.Within(TestTimeouts.Network));
        Assert.Equal(60, budget.Reserved);
    }

    [Fact]
    public async Task A_reservation_larger_than_the_budget_waits_until_it_is_alone()
    {
        var budget = new DecodeMemoryBudget(TimeProvider.System, capacity: 100);
        var holder = await budget.ReserveAsync(1, TestContext.Current.CancellationToken);

        var huge = budget.ReserveAsync(500, TestContext.Current.CancellationToken).AsTask();
        Assert.False(huge.IsCompleted);

        holder.Dispose();
        using var lease = await huge.WaitAsync(TestTimeouts.Within(TestTimeouts.Network));
        Assert.Equal(500, budget.Reserved);
    }

    [Fact]
    public async Task A_cancelled_wait_reserves_nothing_and_lets_the_next_one_through()
    {
        var budget = new DecodeMemoryBudget(TimeProvider.System, capacity: 100);
        var holder = await budget.ReserveAsync(90, TestContext.Current.CancellationToken);
        using var cancel = new CancellationTokenSource();

        var cancelled = budget.ReserveAsync(50, cancel.Token).AsTask();
        var next = budget.ReserveAsync(10, TestContext.Current.CancellationToken).AsTask();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        using var nextLease = await next.WaitAsync(TestTimeouts.Within(TestTimeouts.Network));
        Assert.Equal(100, budget.Reserved);
        Assert.Equal(0, budget.Waiting);
        holder.Dispose();
    }
}
