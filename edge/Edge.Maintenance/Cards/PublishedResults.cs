namespace Edge.Maintenance.Cards;

/// <summary>Published results on the same benchmarks, shown in model cards for comparison (figures as cited in issue 5).</summary>
public static class PublishedResults
{
    public static IReadOnlyList<PublishedResult> CmapssFd001 { get; } =
    [
        Rul("Random forest", "as cited in issue 5", 17.76, 844),
        Rul("XGBoost", "as cited in issue 5", 18.44, 1024),
        Rul("LSTM", "Zheng et al. 2017", 16.14, 338),
        Rul("GRU + attention", "Sahoo et al. 2020", 14.21, 300),
        Rul("Deep CNN", "Li et al. 2018", 12.61, 274),
    ];

    public static IReadOnlyList<PublishedResult> Ai4i { get; } =
    [
        new("XGBoost without leaking failure-mode columns", "as cited in issue 5", new Dictionary<string, double> { ["f1"] = 0.895 }),
    ];

    private static PublishedResult Rul(string method, string source, double rmse, double score) =>
        new(method, source, new Dictionary<string, double> { ["rmse"] = rmse, ["score"] = score });
}
