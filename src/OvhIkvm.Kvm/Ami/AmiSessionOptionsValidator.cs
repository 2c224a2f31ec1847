using Microsoft.Extensions.Options;

namespace OvhIkvm.Kvm.Ami;

/// <summary>Checks the <see cref="AmiSessionOptions"/> attributes; the options source generator writes the checks, without reflection (AOT-safe).</summary>
[OptionsValidator]
internal sealed partial class AmiSessionOptionsValidator : IValidateOptions<AmiSessionOptions>;
