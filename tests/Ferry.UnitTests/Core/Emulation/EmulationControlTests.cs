using Ferry.Core.Emulation;
using Ferry.Core.Errors;
using Ferry.Core.Jobs;
using Microsoft.Extensions.Options;
using static Ferry.UnitTests.Support.DataCentreSteps;

namespace Ferry.UnitTests.Core.Emulation;

/// <summary><see cref="EmulationControl"/>: the runtime progression switch of <c>PUT /operator/emulation</c> (docs/operator-api.md §1).</summary>
public sealed class EmulationControlTests
{
    private static EmulationControl Control(bool enabled, JobChangeSignal? signal = null) =>
        new(Options.Create(new EmulationOptions { Enabled = enabled, Progression = EmulationProgression.Immediate, StepDelay = TimeSpan.FromSeconds(5) }),
            signal ?? new JobChangeSignal());

    [Fact]
    public void The_current_settings_start_as_configured()
    {
        var control = Control(enabled: true);

        Assert.True(control.Enabled);
        Assert.Equal((EmulationProgression.Immediate, TimeSpan.FromSeconds(5)), control.Current);
    }

    [Fact]
    public void Set_changes_the_progression_and_delay_and_wakes_the_emulator()
    {
        var signal = new JobChangeSignal();
        var control = Control(enabled: true, signal);
        var woken = signal.WhenChangedAsync();

        var result = control.Set(EmulationProgression.Delayed, TimeSpan.FromMinutes(2));

        Assert.True(Ok(result));
        Assert.Equal((EmulationProgression.Delayed, TimeSpan.FromMinutes(2)), control.Current);
        Assert.True(woken.IsCompletedSuccessfully);
    }

    [Fact]
    public void Set_without_a_delay_keeps_the_previous_delay()
    {
        var control = Control(enabled: true);
        Ok(control.Set(EmulationProgression.Delayed, TimeSpan.FromSeconds(30)));

        Ok(control.Set(EmulationProgression.Manual, null));

        Assert.Equal((EmulationProgression.Manual, TimeSpan.FromSeconds(30)), control.Current);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(86_400)]
    public void Set_accepts_a_delay_from_zero_to_one_day(int seconds)
    {
        var control = Control(enabled: true);

        Ok(control.Set(EmulationProgression.Delayed, TimeSpan.FromSeconds(seconds)));

        Assert.Equal(TimeSpan.FromSeconds(seconds), control.Current.StepDelay);
    }

    [Fact]
    public void Set_is_refused_with_a_409_when_emulation_is_disabled_and_changes_nothing()
    {
        var signal = new JobChangeSignal();
        var control = Control(enabled: false, signal);
        var woken = signal.WhenChangedAsync();

        var result = control.Set(EmulationProgression.Manual, null);

        AssertError(FerryErrors.Conflict, result.Error);
        Assert.Equal((EmulationProgression.Immediate, TimeSpan.FromSeconds(5)), control.Current);
        Assert.False(woken.IsCompleted);
    }

    public static TheoryData<EmulationProgression, TimeSpan> BadDelays() => new()
    {
        { EmulationProgression.Delayed, TimeSpan.FromTicks(-1) },
        { EmulationProgression.Delayed, TimeSpan.FromDays(1) + TimeSpan.FromTicks(1) },
        { EmulationProgression.Immediate, TimeSpan.FromSeconds(1) },
        { EmulationProgression.Manual, TimeSpan.Zero },
    };

    [Theory]
    [MemberData(nameof(BadDelays))]
    public void Set_with_a_delay_out_of_range_or_without_Delayed_is_a_400_naming_stepDelay_and_changes_nothing(EmulationProgression progression, TimeSpan delay)
    {
        var control = Control(enabled: true);

        var result = control.Set(progression, delay);

        AssertError(FerryErrors.BadRequest, result.Error, "stepDelay");
        Assert.Equal((EmulationProgression.Immediate, TimeSpan.FromSeconds(5)), control.Current);
    }

    [Fact]
    public void Set_with_an_undefined_progression_is_a_400_naming_progression()
    {
        var control = Control(enabled: true);

        AssertError(FerryErrors.BadRequest, control.Set((EmulationProgression)0, null).Error, "progression");
        Assert.Equal(EmulationProgression.Immediate, control.Current.Progression);
    }
}
