using Edge.Maintenance.Data;

namespace Edge.Maintenance.Tests;

public sealed class DataFileTests
{
    private static string Row(int unit, int cycle, double sensor2) =>
        $"{unit} {cycle} -0.0007 -0.0004 100.0 518.67 {sensor2} 1589.70 1400.60 14.62 21.61 554.36 2388.06 9046.19 1.30 47.47 521.66 2388.02 8138.62 8.4195 0.03 392 2388 100.00 39.06 23.4190  ";

    [Fact]
    public void Parse_TwoUnits_GroupsRowsPerEngineWithChannelsInOrder()
    {
        var text = string.Join('\n', Row(1, 1, 641.82), Row(1, 2, 642.15), Row(2, 1, 643.00));

        var engines = CmapssFile.Parse(new StringReader(text));

        Assert.Equal(2, engines.Count);
        Assert.Equal(2, engines[0].LastCycle);
        Assert.Equal(642.15, engines[0].Rows[1][CmapssFile.ChannelNames.ToList().IndexOf("s2")]);
        Assert.Equal(100.0, engines[0].Rows[0][CmapssFile.ChannelNames.ToList().IndexOf("setting3")]);
    }

    [Fact]
    public void Parse_MissingColumn_ThrowsWithLineNumber()
    {
        var exception = Assert.Throws<FormatException>(() => CmapssFile.Parse(new StringReader(Row(1, 1, 641) + "\n1 2 0.1")));

        Assert.Contains("line 2", exception.Message);
    }

    [Fact]
    public void Parse_UnitRowsSplit_Throws()
    {
        var text = string.Join('\n', Row(1, 1, 641), Row(2, 1, 641), Row(1, 2, 641));

        Assert.Throws<FormatException>(() => CmapssFile.Parse(new StringReader(text)));
    }

    [Fact]
    public void Parse_Ai4iWithBom_ReadsOperatingPointAndLabelOnly()
    {
        const string text = "\uFEFFUDI,Product ID,Type,Air temperature [K],Process temperature [K],Rotational speed [rpm],Torque [Nm],Tool wear [min],Machine failure,TWF,HDF,PWF,OSF,RNF\n" +
            "1,M14860,M,298.1,308.6,1551,42.8,0,0,0,0,0,0,0\n" +
            "2,L47181,L,298.2,308.7,1408,46.3,3,1,0,1,0,0,0\n";

        var records = Ai4iFile.Parse(new StringReader(text));

        Assert.Equal(2, records.Count);
        Assert.Equal(new Ai4iRecord('L', 298.2, 308.7, 1408, 46.3, 3, true), records[1]);
    }

    [Fact]
    public void Load_SharedFd001_Has100EnginesAnd20631Cycles()
    {
        var engines = CmapssFile.Load(SharedData.Path("cmapss", "train_FD001.txt"));

        Assert.Equal(100, engines.Count);
        Assert.Equal(20631, engines.Sum(engine => engine.Rows.Count));
    }
}
