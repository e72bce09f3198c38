import { HttpStatus, Injectable } from '@nestjs/common';
import { ApiError } from '@app/platform';
import { CalendarNotPublishedError, vietnamDate, WorkingCalendar } from '../calendar/working-calendar';
import { LifecycleErrorCode } from './lifecycle-error-code';

/**
 * The processing clock of a dossier, counted in working days of the official calendar. It
 * starts at reception, stops while a supplement request is open (the days left are kept) and
 * starts again on resubmission with those days. A count that would run past the last year on
 * file is refused, never guessed.
 */
@Injectable()
export class AppointmentClock {
  constructor(private readonly calendar: WorkingCalendar) {}

  /** The day the result is due, for a dossier received at `receivedAt`. */
  appointment(receivedAt: Date, workingDays: number): string {
    return this.counted(() => this.calendar.addWorkingDays(receivedAt, workingDays));
  }

  /** Working days left when the clock stops: none once the appointment has passed. */
  pause(now: Date, appointmentDate: string): number {
    return Math.max(0, this.workingDaysLeft(now, appointmentDate));
  }

  /** The new appointment when the clock starts again; a dossier paused with no day left gets one. */
  resume(now: Date, pausedWorkingDays: number): string {
    return this.appointment(now, Math.max(1, pausedWorkingDays));
  }

  /** Negative when the appointment has passed: how many working days late the dossier is. */
  workingDaysLeft(now: Date, appointmentDate: string): number {
    return this.counted(() => this.calendar.workingDaysBetween(vietnamDate(now), appointmentDate));
  }

  isOverdue(now: Date, appointmentDate: string): boolean {
    return appointmentDate < vietnamDate(now);
  }

  /** A new appointment must be a working day after today. */
  assertFutureWorkingDay(now: Date, date: string): void {
    if (!(date > vietnamDate(now)) || !this.counted(() => this.calendar.isWorkingDay(date))) {
      throw new ApiError(HttpStatus.BAD_REQUEST, LifecycleErrorCode.NotAWorkingDay, `${date} is not a working day after today.`);
    }
  }

  private counted<T>(count: () => T): T {
    try {
      return count();
    } catch (error) {
      if (!(error instanceof CalendarNotPublishedError)) throw error;
      throw new ApiError(HttpStatus.CONFLICT, LifecycleErrorCode.CalendarNotPublished, error.message, { date: error.date });
    }
  }
}
