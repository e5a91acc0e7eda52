namespace Edge.Privacy;

/// <summary>One stay of a pseudonym in a zone (UTC ticks); <see cref="Previous"/> chains its other stays, -1 ends.</summary>
internal readonly record struct WindowStay(long EnteredTicks, long EndTicks, int Zone, int Previous);
