namespace OvhIkvm.Simulators.Screens;

/// <summary>The frame <see cref="TextScreen.DrawBox"/> draws.</summary>
public enum BoxLineStyle
{
    /// <summary>Single lines (┌─┐│└┘), as GRUB 2 draws its menu.</summary>
    SingleLine,

    /// <summary>Double lines (╔═╗║╚╝), as BIOS setup screens do.</summary>
    DoubleLine,

    /// <summary>Plain ASCII (+-|), for consoles without a line-drawing font.</summary>
    Ascii,
}
