namespace Nebula.VectorService.Query;

/// <summary>A token of a filter and where it starts, for error messages.</summary>
internal readonly record struct FilterToken(FilterTokenKind Kind, string Text, int Position);
