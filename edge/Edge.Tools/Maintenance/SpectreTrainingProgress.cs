using Edge.Maintenance.Serving;
using Edge.Maintenance.Training;
using Spectre.Console;

namespace Edge.Tools.Maintenance;

/// <summary>Shows trainer progress as Spectre.Console progress bars, one per step. Reported synchronously on the trainer's thread.</summary>
internal sealed class SpectreTrainingProgress(ProgressContext context) : IProgress<TrainingProgress>
{
    private readonly Dictionary<string, ProgressTask> _tasks = [];

    public void Report(TrainingProgress value)
    {
        if (!_tasks.TryGetValue(value.Step, out var task))
        {
            task = context.AddTask(value.Step, maxValue: Math.Max(1, value.Total));
            _tasks[value.Step] = task;
        }

        task.MaxValue = Math.Max(1, value.Total);
        task.Value = value.Done;
        if (value.Done >= value.Total)
        {
            task.StopTask();
        }
    }
}
