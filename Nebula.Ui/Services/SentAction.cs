using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Nebula.Ui.Services;

public sealed record SentAction(ShopperAction Action, string ItemTitle);
