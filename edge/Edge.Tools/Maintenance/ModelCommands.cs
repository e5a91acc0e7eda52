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
        model.Subcommands.Add(CreatePredict());
        return model;
    }

    private static Command CreateTrain()
    {
        var dataset = DatasetOption();
        var train = new Option<FileInfo?>("--train") { Description = "C-MAPSS training file (train_FD00x.txt, or .txt.gz): engines run to failure." };
        var data = new Option<FileInfo?>("--data") { Description = "AI4I 2020 CSV (ai4i2020.csv, or .csv.gz)." };
        var output = new Option<FileInfo>("--out") { Description = "Model file to write (zip); the model card is written next to it.", Required = true };
        var folds = new Option<int>("--folds") { Description = "Cross-validation folds (grouped by engine for C-MAPSS, stratified for AI4I).", DefaultValueFactory = _ => 5 };
        var cap = new Option<double?>("--cap") { Description = "Cap of the remaining-life label: C-MAPSS in cycles (default 125), history in hours (default 5 x the horizon)." };
        var history = new HistoryOptions();
        var horizon = new Option<string>("--horizon") { Description = "History: failure horizon, e.g. 48h, 2d, 90m.", DefaultValueFactory = _ => "48h" };
        var command = new Command("train", "Train a model on a training file only.") { dataset, train, data, output, folds, cap, history.Telemetry, history.Events, history.Machines, horizon };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var outPath = parseResult.GetValue(output)!.FullName;
            return Task.FromResult(parseResult.GetValue(dataset) switch
            {
                "cmapss" => ModelWorkflows.TrainCmapss(Require(parseResult.GetValue(train), "--train"), outPath, parseResult.GetValue(folds), parseResult.GetValue(cap) ?? 125),
                "history" => HistoryWorkflows.Train(
                    Require(parseResult.GetValue(history.Telemetry), "--telemetry"),
                    Require(parseResult.GetValue(history.Events), "--events"),
                    Optional(parseResult.GetValue(history.Machines), "--machines"),
                    DurationText.Parse(parseResult.GetValue(horizon)!),
                    parseResult.GetValue(cap),
                    parseResult.GetValue(folds),
                    outPath),
                _ => ModelWorkflows.TrainAi4i(Require(parseResult.GetValue(data), "--data"), outPath, parseResult.GetValue(folds)),
            });
        });
        return command;
    }

    private static Command CreateEvaluate()
    {
        var dataset = DatasetOption();
        var modelFile = new Option<FileInfo?>("--model") { Description = "C-MAPSS or history: model file from 'model train'." };
        var test = new Option<FileInfo?>("--test") { Description = "C-MAPSS test file (test_FD00x.txt, or .txt.gz): engines cut before failure." };
        var truth = new Option<FileInfo?>("--truth") { Description = "C-MAPSS truth file (RUL_FD00x.txt, or .txt.gz): true remaining life after each test engine's last cycle." };
        var data = new Option<FileInfo?>("--data") { Description = "AI4I 2020 CSV (or .csv.gz) for cross-validation." };
        var folds = new Option<int>("--folds") { Description = "AI4I: stratified cross-validation folds (fixed seed).", DefaultValueFactory = _ => 5 };
        var json = new Option<bool>("--json") { Description = "End the output with one line of JSON holding the figures." };
        var history = new HistoryOptions();
        var command = new Command("evaluate", "Evaluate a model on held-out data.") { dataset, modelFile, test, truth, data, folds, json, history.Telemetry, history.Events, history.Machines };
        command.SetAction((parseResult, cancellationToken) => Task.FromResult(parseResult.GetValue(dataset) switch
        {
            "history" => HistoryWorkflows.Evaluate(
                Require(parseResult.GetValue(modelFile), "--model"),
                Require(parseResult.GetValue(history.Telemetry), "--telemetry"),
                Require(parseResult.GetValue(history.Events), "--events"),
                Optional(parseResult.GetValue(history.Machines), "--machines"),
                parseResult.GetValue(json)),
            "cmapss" => ModelWorkflows.EvaluateCmapss(
                Require(parseResult.GetValue(modelFile), "--model"),
                Require(parseResult.GetValue(test), "--test"),
                Require(parseResult.GetValue(truth), "--truth"),
                parseResult.GetValue(json)),
            _ => ModelWorkflows.EvaluateAi4i(Require(parseResult.GetValue(data), "--data"), parseResult.GetValue(folds), parseResult.GetValue(json)),
        }));
        return command;
    }

    private static Command CreatePredict()
    {
        var modelFile = new Option<FileInfo>("--model") { Description = "History model file from 'model train --dataset history'.", Required = true };
        var history = new HistoryOptions();
        var output = new Option<FileInfo>("--out") { Description = "CSV to write: timestamp,machine,failureProbability,remainingLife,lower,upper for every telemetry row.", Required = true };
        var command = new Command("predict", "Score every telemetry row of a history with a history model.") { modelFile, history.Telemetry, history.Events, history.Machines, output };
        command.SetAction((parseResult, cancellationToken) => Task.FromResult(HistoryWorkflows.Predict(
            Require(parseResult.GetValue(modelFile), "--model"),
            Require(parseResult.GetValue(history.Telemetry), "--telemetry"),
            Optional(parseResult.GetValue(history.Events), "--events"),
            Optional(parseResult.GetValue(history.Machines), "--machines"),
            parseResult.GetValue(output)!.FullName)));
        return command;
    }

    private static Option<string> DatasetOption()
    {
        var option = new Option<string>("--dataset") { Description = "cmapss, ai4i or history (a plant's own telemetry and events).", Required = true };
        option.AcceptOnlyFromAmong("cmapss", "ai4i", "history");
        return option;
    }

    private static string? Optional(FileInfo? file, string name) => file is null ? null : Require(file, name);

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
