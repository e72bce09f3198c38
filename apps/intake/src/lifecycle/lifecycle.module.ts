import { Module } from '@nestjs/common';
import { WorkingCalendar } from '../calendar/working-calendar';
import { AppointmentClock } from './appointment-clock';
import { DossierLifecycle } from './dossier-lifecycle.service';

/** The lifecycle's core, shared by the citizen's and the officers' sides of the desk. */
@Module({
  providers: [{ provide: WorkingCalendar, useFactory: () => WorkingCalendar.official() }, AppointmentClock, DossierLifecycle],
  exports: [WorkingCalendar, AppointmentClock, DossierLifecycle],
})
export class LifecycleModule {}
