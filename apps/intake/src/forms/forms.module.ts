import { Module } from '@nestjs/common';
import { ProceduresModule } from '../procedures/procedures.module';
import { FormPrefill } from './form-prefill.service';
import { FormValidator } from './form-validator';
import { DossierFormsController, ProcedureFormsController } from './forms.controller';
import { PrintedForms } from './printed-forms.service';

@Module({
  imports: [ProceduresModule],
  controllers: [ProcedureFormsController, DossierFormsController],
  providers: [FormValidator, FormPrefill, PrintedForms],
  exports: [FormValidator],
})
export class FormsModule {}
