using System.Text.Json;

namespace Nebula.VectorService.Http;

/// <summary>
/// Writes a reply's <c>data</c>. Handlers compute everything before returning one, so that a failure becomes an error
/// envelope, never a cut-off body.
/// </summary>
internal delegate void DataWriter(Utf8JsonWriter writer);
