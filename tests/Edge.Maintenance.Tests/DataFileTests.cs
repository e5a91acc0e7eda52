using Edge.Maintenance.Data;
using Edge.TestKit;

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
    public void Load_RepositoryFd001_Has100EnginesAnd20631Cycles()
    {
        var engines = CmapssFile.Load(PublicData.Path("cmapss", "train_FD001.txt"));

        Assert.Equal(100, engines.Count);
        Assert.Equal(20631, engines.Sum(engine => engine.Rows.Count));
    }

    // The hashes data/*/SOURCE.md lists for the uncompressed files: a model card trained from the .gz must name them.
    [Theory]
    [InlineData("cmapss", "train_FD001.txt", "963b5e22825b34d8b21c69e1aeb4af3e647050eb672ee8834ba4b5d91d2de0f8")]
    [InlineData("cmapss", "test_FD001.txt", "3cda7109ce17bafb5443f2ac926cfcf88154b941b8c4cf95eb55d1ddd6f52851")]
    [InlineData("cmapss", "RUL_FD001.txt", "a19c8ec94931949d0485bdc35118206e9c81c4547b422efb9cf86f4ceddbceca")]
    [InlineData("ai4i2020", "ai4i2020.csv", "9841aaa04b716d41ce9501f42d9388de7f571566608945061d026f95853c0337")]
    public void OfFile_GzippedAndUnpacked_BothHashTheUncompressedBytesSourceMdLists(string dataSet, string file, string sha256)
    {
        var archive = Path.Combine(RepositoryPaths.Data, dataSet, file + ".gz");

        Assert.Equal(sha256, DataHash.OfFile(archive));
        Assert.Equal(sha256, DataHash.OfFile(PublicData.Path(dataSet, file)));
    }

    [Fact]
    public void Load_GzippedFiles_ReadAsTheirUnpackedCopies()
    {
        var cmapss = Path.Combine(RepositoryPaths.Data, "cmapss");

        var engines = CmapssFile.Load(Path.Combine(cmapss, "test_FD001.txt.gz"));
        var truth = CmapssFile.LoadTruth(Path.Combine(cmapss, "RUL_FD001.txt.gz"));
        var records = Ai4iFile.Load(Path.Combine(RepositoryPaths.Data, "ai4i2020", "ai4i2020.csv.gz"));

        var plainEngines = CmapssFile.Load(PublicData.Path("cmapss", "test_FD001.txt"));
        Assert.Equal(plainEngines.Select(engine => engine.LastCycle), engines.Select(engine => engine.LastCycle));
        Assert.Equal(plainEngines[^1].Rows[^1], engines[^1].Rows[^1]);
        Assert.Equal(CmapssFile.LoadTruth(PublicData.Path("cmapss", "RUL_FD001.txt")), truth);
        Assert.Equal(100, truth.Count);
        Assert.Equal(Ai4iFile.Load(PublicData.Path("ai4i2020", "ai4i2020.csv")), records);
        Assert.Equal(339, records.Count(record => record.MachineFailure));
    }
}
