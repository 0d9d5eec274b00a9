namespace Nebula.VectorService.Query;

/// <summary>What a <see cref="FilterToken"/> is.</summary>
internal enum FilterTokenKind { Identifier, String, Number, Symbol, End }
