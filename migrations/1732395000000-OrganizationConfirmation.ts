import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Self-registrations for an organization that has a contact (a focal point bound to it) start
 * "unconfirmed": the contact confirms them (on to the secretariat's review) or declines them.
 * An unconfirmed registration holds its place like a pending one.
 */
export class OrganizationConfirmation1732395000000 implements MigrationInterface {
  name = 'OrganizationConfirmation1732395000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE registration DROP CONSTRAINT registration_status_check;
      ALTER TABLE registration ADD CONSTRAINT registration_status_check
        CHECK (status IN ('unconfirmed','pending','on-hold','approved','rejected','cancelled'));
      DROP INDEX registration_meeting_email;
      CREATE UNIQUE INDEX registration_meeting_email ON registration (meeting_id, email)
        WHERE status IN ('unconfirmed', 'pending', 'on-hold', 'approved');
      CREATE INDEX focal_point_organization ON focal_point (organization_id) WHERE organization_id IS NOT NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX focal_point_organization;
      UPDATE registration SET status = 'pending' WHERE status = 'unconfirmed';
      DROP INDEX registration_meeting_email;
      CREATE UNIQUE INDEX registration_meeting_email ON registration (meeting_id, email)
        WHERE status IN ('pending', 'on-hold', 'approved');
      ALTER TABLE registration DROP CONSTRAINT registration_status_check;
      ALTER TABLE registration ADD CONSTRAINT registration_status_check
        CHECK (status IN ('pending','on-hold','approved','rejected','cancelled'));
    `);
  }
}
