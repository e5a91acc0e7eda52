namespace Edge.LoadHarness;

/// <summary>The cloud store a <c>drain</c> run writes to.</summary>
internal enum DrainStore
{
    Sqlite,
    Postgres,
}
