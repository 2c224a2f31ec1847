namespace OvhIkvm.Kvm.Tests;

/// <summary>
/// Tests that bound what a capture allocates read the process-wide allocation counter, which counts every thread:
/// they run alone, never beside other tests.
/// </summary>
[CollectionDefinition(nameof(AllocationMeasured), DisableParallelization = true)]
public sealed class AllocationMeasured;
