using Microsoft.Extensions.Options;

namespace OvhIkvm.Kvm.Rfb;

/// <summary>Checks the <see cref="RfbOptions"/> attributes; the options source generator writes the checks, without reflection (AOT-safe).</summary>
[OptionsValidator]
internal sealed partial class RfbOptionsValidator : IValidateOptions<RfbOptions>;
