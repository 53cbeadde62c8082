// Hot-reload and scale tests measure timing and count GC collections: run test classes one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
