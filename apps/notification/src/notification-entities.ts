import { AgencyContact } from './agencies/agency-contact.entity';
import { AgencyName } from './agencies/agency-name.entity';
import { Delivery } from './delivery/delivery.entity';
import { DossierRecord } from './dossiers/dossier-record.entity';
import { NotificationMessage } from './messages/notification-message.entity';
import { RecipientPreferences } from './preferences/recipient-preferences.entity';

export const NOTIFICATION_ENTITIES = [NotificationMessage, Delivery, RecipientPreferences, AgencyContact, AgencyName, DossierRecord];
