namespace OvhIkvm.Tool.Hands;

/// <summary>
/// When following a screen after an action may stop. <see cref="ScreenSettled"/> is the default; a caller with a
/// more precise expectation (text that must appear, as wait_for_console's conditions state) passes its own.
/// </summary>
internal interface IScreenCondition
{
    bool IsMet(ScreenObservation observation);
}
