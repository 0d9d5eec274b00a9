namespace Nebula.Catalog.Reading;

/// <summary>The catalogue file formats Nebula reads.</summary>
public enum CatalogFormat
{
    /// <summary>Detect from the first non-empty line.</summary>
    Auto,

    /// <summary>SNAP / Amazon 2014 metadata: one Python dict literal per line (single quotes, None/True/False).</summary>
    Snap2014,

    /// <summary>Amazon 2018 metadata: one strict JSON object per line.</summary>
    Amazon2018,

    /// <summary>UniSRec <c>.text</c>: a header <c>item_id:token&lt;TAB&gt;text:token_seq</c>, then <c>id&lt;TAB&gt;text</c> rows.</summary>
    UniSrecText,
}
