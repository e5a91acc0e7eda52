namespace Edge.Simulator.Store;

/// <summary>An axis-aligned rectangle of the floor plan, in metres.</summary>
public sealed record StoreZone(string Id, double X, double Y, double Width, double Height)
{
    public double CenterX => X + (Width / 2);

    public double CenterY => Y + (Height / 2);

    public bool Contains(double x, double y) => x >= X && x < X + Width && y >= Y && y < Y + Height;
}
