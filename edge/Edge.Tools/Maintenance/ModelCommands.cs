using System.CommandLine;
using Edge.Maintenance.Serving;

namespace Edge.Tools.Maintenance;

/// <summary>
/// <c>model train</c> and <c>model evaluate</c>: trains and judges predictive-maintenance models on public benchmarks
/// (NASA C-MAPSS remaining life, AI4I 2020 machine failure) with the same feature code the gateway serves them with.
/// </summary>
internal static class ModelCommands
{
    public static Command Create()
    {
        var model = new Command("model", "Train and evaluate predictive-maintenance models.");
        model.Subcommands.Add(CreateTrain());
        model.Subcommands.Add(CreateEvaluate());
        return model;
    }

    private static Command CreateTrain()
    {
        var dataset = DatasetOption();
        var train = new Option<FileInfo?>("--train") { Description = "C-MAPSS training file (train_FD00x.txt, or .txt.gz): engines run to failure." };
        var data = new Option<FileInfo?>("--data") { Description = "AI4I 2020 CSV (ai4i2020.csv, or .csv.gz)." };
        var output = new Option<FileInfo>("--out") { Description = "Model file to write (zip); the model card is written next to it.", Required = true };
        var folds = new Option<int>("--folds") { Description = "Cross-validation folds (grouped by engine for C-MAPSS, stratified for AI4I).", DefaultValueFactory = _ => 5 };
        var cap = new Option<double>("--cap") { Description = "C-MAPSS: cap of the remaining-life label, in cycles.", DefaultValueFactory = _ => 125 };
        var command = new Command("train", "Train a model on a training file only.") { dataset, train, data, output, folds, cap };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var outPath = parseResult.GetValue(output)!.FullName;
            return Task.FromResult(parseResult.GetValue(dataset) switch
            {
                "cmapss" => ModelWorkflows.TrainCmapss(Require(parseResult.GetValue(train), "--train"), outPath, parseResult.GetValue(folds), parseResult.GetValue(cap)),
                _ => ModelWorkflows.TrainAi4i(Require(parseResult.GetValue(data), "--data"), outPath, parseResult.GetValue(folds)),
            });
        });
        return command;
    }

    private static Command CreateEvaluate()
    {
        var dataset = DatasetOption();
        var modelFile = new Option<FileInfo?>("--model") { Description = "C-MAPSS: model file from 'model train'." };
        var test = new Option<FileInfo?>("--test") { Description = "C-MAPSS test file (test_FD00x.txt, or .txt.gz): engines cut before failure." };
        var truth = new Option<FileInfo?>("--truth") { Description = "C-MAPSS truth file (RUL_FD00x.txt, or .txt.gz): true remaining life after each test engine's last cycle." };
        var data = new Option<FileInfo?>("--data") { Description = "AI4I 2020 CSV (or .csv.gz) for cross-validation." };
        var folds = new Option<int>("--folds") { Description = "AI4I: stratified cross-validation folds (fixed seed).", DefaultValueFactory = _ => 5 };
        var json = new Option<bool>("--json") { Description = "End the output with one line of JSON holding the figures." };
        var command = new Command("evaluate", "Evaluate a model on held-out data.") { dataset, modelFile, test, truth, data, folds, json };
        command.SetAction((parseResult, cancellationToken) => Task.FromResult(parseResult.GetValue(dataset) switch
        {
            "cmapss" => ModelWorkflows.EvaluateCmapss(
                Require(parseResult.GetValue(modelFile), "--model"),
                Require(parseResult.GetValue(test), "--test"),
                Require(parseResult.GetValue(truth), "--truth"),
                parseResult.GetValue(json)),
            _ => ModelWorkflows.EvaluateAi4i(Require(parseResult.GetValue(data), "--data"), parseResult.GetValue(folds), parseResult.GetValue(json)),
        }));
        return command;
    }

    private static Option<string> DatasetOption()
    {
        var option = new Option<string>("--dataset") { Description = "cmapss or ai4i.", Required = true };
        option.AcceptOnlyFromAmong("cmapss", "ai4i");
        return option;
    }

    private static string Require(FileInfo? file, string name)
    {
        if (file is null)
        {
            throw new ArgumentException($"{name} is required for this dataset.");
        }

        if (!file.Exists)
        {
            throw new FileNotFoundException($"{name}: {file.FullName} does not exist.", file.FullName);
        }

        return file.FullName;
    }
}
