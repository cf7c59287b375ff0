import { Module } from '@nestjs/common';
import { MeetingsModule } from '../meetings/meetings.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { BadgesService } from './badges.service';
import { CorrectionsService } from './corrections.service';
import { FocalPointsService } from './focal-points.service';
import { AddressConfirmationsService } from './address-confirmations.service';
import { InvitationsService } from './invitations.service';
import { LetterSweeper } from './letter-sweeper.service';
import { LettersService } from './letters.service';
import { InvitationsController, MeController } from './me.controller';
import { NominationsService } from './nominations.service';
import { PartiesController } from './parties.controller';
import { PartiesService } from './parties.service';
import { PersonalDataAudit } from './personal-data-audit.service';
import { PublicListService } from './public-list.service';
import { RegistrationSettingsService } from './registration-settings.service';
import { RegistrationsController } from './registrations.controller';
import { RegistrationsService } from './registrations.service';
import { ReviewService } from './review.service';

/** Parties, organizations, focal points, nominations, review, invitations, badges and check-in. */
@Module({
  imports: [NotificationsModule, MeetingsModule],
  controllers: [PartiesController, RegistrationsController, MeController, InvitationsController],
  providers: [
    PartiesService,
    FocalPointsService,
    RegistrationsService,
    NominationsService,
    AddressConfirmationsService,
    ReviewService,
    CorrectionsService,
    RegistrationSettingsService,
    PublicListService,
    PersonalDataAudit,
    LettersService,
    LetterSweeper,
    BadgesService,
    InvitationsService,
  ],
})
export class RegistrationModule {}
