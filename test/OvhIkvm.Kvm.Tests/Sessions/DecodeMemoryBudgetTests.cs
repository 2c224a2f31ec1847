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

    [Fact]
    public async Task The_oldest_holder_is_never_made_to_wait_so_two_growing_captures_cannot_deadlock()
    {
        var budget = new DecodeMemoryBudget(TimeProvider.System, capacity: 100);
        var older = budget.OpenAccount();
        var younger = budget.OpenAccount();
        var olderScreen = await older.ReserveAsync(60, TestContext.Current.CancellationToken);
        using var youngerScreen = await younger.ReserveAsync(40, TestContext.Current.CancellationToken);

        // Each capture now needs a packet buffer on top of its screen: strictly first come, first served, both would
        // wait for the other until their deadlines.
        var youngerPacket = younger.ReserveAsync(30, TestContext.Current.CancellationToken).AsTask();
        Assert.False(youngerPacket.IsCompleted);
        var olderPacket = await older.ReserveAsync(30, TestContext.Current.CancellationToken);

        Assert.Equal(130, budget.HighWater);
        Assert.False(youngerPacket.IsCompleted);

        // The oldest finishes; the next oldest takes its place and is served at once.
        olderPacket.Dispose();
        olderScreen.Dispose();
        using var granted = await youngerPacket.WaitAsync(TestTimeouts.Within(TestTimeouts.Network));
        Assert.Equal(70, budget.Reserved);
        Assert.Equal(0, budget.Waiting);
    }

    [Fact]
    public async Task A_fresh_request_still_queues_behind_the_capacity_while_the_oldest_overdraws()
    {
        var budget = new DecodeMemoryBudget(TimeProvider.System, capacity: 100);
        var oldest = budget.OpenAccount();
        using var screen = await oldest.ReserveAsync(90, TestContext.Current.CancellationToken);
        using var packet = await oldest.ReserveAsync(50, TestContext.Current.CancellationToken);

        var fresh = budget.ReserveAsync(10, TestContext.Current.CancellationToken).AsTask();

        Assert.False(fresh.IsCompleted);
        Assert.Equal(140, budget.Reserved);
        packet.Dispose();
        using var lease = await fresh.WaitAsync(TestTimeouts.Within(TestTimeouts.Network));
        Assert.Equal(100, budget.Reserved);
    }

    [Fact]
    public async Task A_wait_says_what_the_others_hold_while_it_waits_and_after_its_deadline_ended_it()
    {
        var budget = new DecodeMemoryBudget(TimeProvider.System, capacity: 192L << 20);
        using var others = await budget.ReserveAsync(180L << 20, TestContext.Current.CancellationToken);
        var capture = budget.OpenAccount();
        using var screen = await capture.ReserveAsync(8L << 20, TestContext.Current.CancellationToken);
        using var deadline = new CancellationTokenSource();
        Assert.Null(capture.DescribeWait());

        var packet = capture.ReserveAsync(16L << 20, deadline.Token).AsTask();
        Assert.Equal(new DecodeMemoryWait(180L << 20, 192L << 20), capture.DescribeWait());

        await deadline.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => packet);
        Assert.Equal(
            "the capture timed out waiting for decoding memory (other captures hold 180 MiB of the 192 MiB budget); try again when they finish",
            capture.DescribeWait()?.Reason);

        // A later reservation that succeeds clears it: the next timeout must not blame memory.
        using var small = await capture.ReserveAsync(1L << 20, TestContext.Current.CancellationToken);
        Assert.Null(capture.DescribeWait());
    }
}
