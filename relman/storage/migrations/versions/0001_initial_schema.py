"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-22 19:20:34.947722
"""

from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('business_units',
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('division', sa.String(length=200), nullable=False),
    sa.Column('head_id', sa.Uuid(), nullable=True),
    sa.Column('criticality', sa.Enum('low', 'medium', 'high', 'critical', name='criticality', native_enum=False), nullable=False),
    sa.Column('own_service_levels', sa.Boolean(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['head_id'], ['contacts.id'], name=op.f('fk_business_units_head_id_contacts'), ondelete='SET NULL', use_alter=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_business_units')),
    sa.UniqueConstraint('name', name=op.f('uq_business_units_name'))
    )
    with op.batch_alter_table('business_units', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_business_units_head_id'), ['head_id'], unique=False)

    op.create_table('scripts',
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('purpose', sa.Text(), nullable=False),
    sa.Column('archived', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scripts')),
    sa.UniqueConstraint('name', name=op.f('uq_scripts_name'))
    )
    op.create_table('services',
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('owner', sa.String(length=200), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_services')),
    sa.UniqueConstraint('name', name=op.f('uq_services_name'))
    )
    op.create_table('settings',
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_settings'))
    )
    op.create_table('staff',
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=200), nullable=False),
    sa.Column('role', sa.Enum('rm', 'manager', 'head_of_it', name='staffrole', native_enum=False), nullable=False),
    sa.Column('reports_to_id', sa.Uuid(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['reports_to_id'], ['staff.id'], name=op.f('fk_staff_reports_to_id_staff'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff'))
    )
    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_reports_to_id'), ['reports_to_id'], unique=False)

    op.create_table('contacts',
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('unit_id', sa.Uuid(), nullable=True),
    sa.Column('email', sa.String(length=200), nullable=False),
    sa.Column('phone', sa.String(length=60), nullable=False),
    sa.Column('manager_id', sa.Uuid(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('is_key', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['manager_id'], ['contacts.id'], name=op.f('fk_contacts_manager_id_contacts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['unit_id'], ['business_units.id'], name=op.f('fk_contacts_unit_id_business_units'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contacts'))
    )
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contacts_is_key'), ['is_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_contacts_manager_id'), ['manager_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_contacts_name'), ['name'], unique=False)
        batch_op.create_index(batch_op.f('ix_contacts_unit_id'), ['unit_id'], unique=False)

    op.create_table('meetings',
    sa.Column('unit_id', sa.Uuid(), nullable=True),
    sa.Column('service_id', sa.Uuid(), nullable=True),
    sa.Column('kind', sa.Enum('monthly_review', 'quarterly_service_review', 'other', name='meetingkind', native_enum=False), nullable=False),
    sa.Column('held_at', sa.DateTime(), nullable=False),
    sa.Column('recorded_by_id', sa.Uuid(), nullable=True),
    sa.Column('discussed', sa.Text(), nullable=False),
    sa.Column('delivered', sa.Text(), nullable=False),
    sa.Column('planned', sa.Text(), nullable=False),
    sa.Column('goals_met', sa.Enum('yes', 'partly', 'no', name='goalsmet', native_enum=False), nullable=True),
    sa.Column('goals_note', sa.Text(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['staff.id'], name=op.f('fk_meetings_recorded_by_id_staff'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['service_id'], ['services.id'], name=op.f('fk_meetings_service_id_services'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['unit_id'], ['business_units.id'], name=op.f('fk_meetings_unit_id_business_units'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meetings'))
    )
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meetings_held_at'), ['held_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_meetings_unit_id'), ['unit_id'], unique=False)

    op.create_table('script_versions',
    sa.Column('script_id', sa.Uuid(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('change_note', sa.Text(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['script_id'], ['scripts.id'], name=op.f('fk_script_versions_script_id_scripts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_script_versions')),
    sa.UniqueConstraint('script_id', 'number', name=op.f('uq_script_versions_script_id'))
    )
    with op.batch_alter_table('script_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_script_versions_script_id'), ['script_id'], unique=False)

    op.create_table('support_issues',
    sa.Column('unit_id', sa.Uuid(), nullable=False),
    sa.Column('service_id', sa.Uuid(), nullable=True),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('importance', sa.Integer(), nullable=False),
    sa.Column('satisfaction', sa.Integer(), nullable=False),
    sa.Column('rated_on', sa.String(length=10), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('importance BETWEEN 1 AND 5', name=op.f('ck_support_issues_importance_range')),
    sa.CheckConstraint('satisfaction BETWEEN 1 AND 5', name=op.f('ck_support_issues_satisfaction_range')),
    sa.ForeignKeyConstraint(['service_id'], ['services.id'], name=op.f('fk_support_issues_service_id_services'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['unit_id'], ['business_units.id'], name=op.f('fk_support_issues_unit_id_business_units'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_support_issues'))
    )
    with op.batch_alter_table('support_issues', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_support_issues_unit_id'), ['unit_id'], unique=False)

    op.create_table('surveys',
    sa.Column('unit_id', sa.Uuid(), nullable=False),
    sa.Column('quarter', sa.String(length=7), nullable=False),
    sa.Column('respondents', sa.Integer(), nullable=False),
    sa.Column('overall', sa.Float(), nullable=False),
    sa.Column('comments', sa.Text(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['unit_id'], ['business_units.id'], name=op.f('fk_surveys_unit_id_business_units'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_surveys')),
    sa.UniqueConstraint('unit_id', 'quarter', name=op.f('uq_surveys_unit_id'))
    )
    with op.batch_alter_table('surveys', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_surveys_unit_id'), ['unit_id'], unique=False)

    op.create_table('unit_rms',
    sa.Column('unit_id', sa.Uuid(), nullable=False),
    sa.Column('staff_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_unit_rms_staff_id_staff'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_id'], ['business_units.id'], name=op.f('fk_unit_rms_unit_id_business_units'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('unit_id', 'staff_id', name=op.f('pk_unit_rms'))
    )
    with op.batch_alter_table('unit_rms', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_unit_rms_staff_id'), ['staff_id'], unique=False)

    op.create_table('unit_services',
    sa.Column('unit_id', sa.Uuid(), nullable=False),
    sa.Column('service_id', sa.Uuid(), nullable=False),
    sa.Column('dependence', sa.Enum('low', 'medium', 'high', 'critical', name='dependence', native_enum=False), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['service_id'], ['services.id'], name=op.f('fk_unit_services_service_id_services'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_id'], ['business_units.id'], name=op.f('fk_unit_services_unit_id_business_units'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_unit_services')),
    sa.UniqueConstraint('unit_id', 'service_id', name=op.f('uq_unit_services_unit_id'))
    )
    with op.batch_alter_table('unit_services', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_unit_services_service_id'), ['service_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_unit_services_unit_id'), ['unit_id'], unique=False)

    op.create_table('assessments',
    sa.Column('contact_id', sa.Uuid(), nullable=False),
    sa.Column('assessor_id', sa.Uuid(), nullable=True),
    sa.Column('assessed_on', sa.Date(), nullable=False),
    sa.Column('c1', sa.Boolean(), nullable=False),
    sa.Column('c2', sa.Boolean(), nullable=False),
    sa.Column('c3', sa.Boolean(), nullable=False),
    sa.Column('c4', sa.Boolean(), nullable=False),
    sa.Column('c5', sa.Boolean(), nullable=False),
    sa.Column('c6', sa.Boolean(), nullable=False),
    sa.Column('c7', sa.Boolean(), nullable=False),
    sa.Column('note1', sa.Text(), nullable=False),
    sa.Column('note2', sa.Text(), nullable=False),
    sa.Column('note3', sa.Text(), nullable=False),
    sa.Column('note4', sa.Text(), nullable=False),
    sa.Column('note5', sa.Text(), nullable=False),
    sa.Column('note6', sa.Text(), nullable=False),
    sa.Column('note7', sa.Text(), nullable=False),
    sa.Column('unreasonable', sa.Boolean(), nullable=False),
    sa.Column('unreasonable_note', sa.Text(), nullable=False),
    sa.Column('is_key', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['assessor_id'], ['staff.id'], name=op.f('fk_assessments_assessor_id_staff'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['contact_id'], ['contacts.id'], name=op.f('fk_assessments_contact_id_contacts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assessments'))
    )
    with op.batch_alter_table('assessments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assessments_contact_id'), ['contact_id'], unique=False)

    op.create_table('interviews',
    sa.Column('script_version_id', sa.Uuid(), nullable=True),
    sa.Column('rm_id', sa.Uuid(), nullable=True),
    sa.Column('unit_id', sa.Uuid(), nullable=True),
    sa.Column('scheduled_at', sa.DateTime(), nullable=False),
    sa.Column('duration_minutes', sa.Integer(), nullable=False),
    sa.Column('location', sa.String(length=300), nullable=False),
    sa.Column('status', sa.Enum('planned', 'in_progress', 'completed', 'cancelled', name='interviewstatus', native_enum=False), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=True),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['rm_id'], ['staff.id'], name=op.f('fk_interviews_rm_id_staff'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['script_version_id'], ['script_versions.id'], name=op.f('fk_interviews_script_version_id_script_versions'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['unit_id'], ['business_units.id'], name=op.f('fk_interviews_unit_id_business_units'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_interviews'))
    )
    with op.batch_alter_table('interviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_interviews_rm_id'), ['rm_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_interviews_scheduled_at'), ['scheduled_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_interviews_script_version_id'), ['script_version_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_interviews_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_interviews_unit_id'), ['unit_id'], unique=False)

    op.create_table('meeting_contacts',
    sa.Column('meeting_id', sa.Uuid(), nullable=False),
    sa.Column('contact_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['contact_id'], ['contacts.id'], name=op.f('fk_meeting_contacts_contact_id_contacts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_meeting_contacts_meeting_id_meetings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('meeting_id', 'contact_id', name=op.f('pk_meeting_contacts'))
    )
    with op.batch_alter_table('meeting_contacts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_contacts_contact_id'), ['contact_id'], unique=False)

    op.create_table('meeting_staff',
    sa.Column('meeting_id', sa.Uuid(), nullable=False),
    sa.Column('staff_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_meeting_staff_meeting_id_meetings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_meeting_staff_staff_id_staff'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('meeting_id', 'staff_id', name=op.f('pk_meeting_staff'))
    )
    with op.batch_alter_table('meeting_staff', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_staff_staff_id'), ['staff_id'], unique=False)

    op.create_table('script_sections',
    sa.Column('version_id', sa.Uuid(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('guidance', sa.Text(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['version_id'], ['script_versions.id'], name=op.f('fk_script_sections_version_id_script_versions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_script_sections'))
    )
    with op.batch_alter_table('script_sections', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_script_sections_version_id'), ['version_id'], unique=False)

    op.create_table('survey_scores',
    sa.Column('survey_id', sa.Uuid(), nullable=False),
    sa.Column('question', sa.String(length=300), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['survey_id'], ['surveys.id'], name=op.f('fk_survey_scores_survey_id_surveys'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_scores'))
    )
    with op.batch_alter_table('survey_scores', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_scores_survey_id'), ['survey_id'], unique=False)

    op.create_table('action_items',
    sa.Column('meeting_id', sa.Uuid(), nullable=True),
    sa.Column('interview_id', sa.Uuid(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('owner_staff_id', sa.Uuid(), nullable=True),
    sa.Column('owner_contact_id', sa.Uuid(), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('done_at', sa.DateTime(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('(meeting_id IS NOT NULL) OR (interview_id IS NOT NULL)', name=op.f('ck_action_items_has_source')),
    sa.ForeignKeyConstraint(['interview_id'], ['interviews.id'], name=op.f('fk_action_items_interview_id_interviews'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_action_items_meeting_id_meetings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['owner_contact_id'], ['contacts.id'], name=op.f('fk_action_items_owner_contact_id_contacts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['owner_staff_id'], ['staff.id'], name=op.f('fk_action_items_owner_staff_id_staff'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_action_items'))
    )
    with op.batch_alter_table('action_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_action_items_due_on'), ['due_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_action_items_interview_id'), ['interview_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_action_items_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_action_items_owner_staff_id'), ['owner_staff_id'], unique=False)

    op.create_table('expectations',
    sa.Column('unit_id', sa.Uuid(), nullable=False),
    sa.Column('contact_id', sa.Uuid(), nullable=True),
    sa.Column('service_id', sa.Uuid(), nullable=False),
    sa.Column('rm_id', sa.Uuid(), nullable=True),
    sa.Column('interview_id', sa.Uuid(), nullable=True),
    sa.Column('statement', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('stated', 'validated', 'negotiating', 'agreed', 'disagreed', 'escalated', 'withdrawn', name='expectationstatus', native_enum=False), nullable=False),
    sa.Column('target', sa.Float(), nullable=True),
    sa.Column('target_unit', sa.String(length=40), nullable=False),
    sa.Column('direction', sa.Enum('at_least', 'at_most', name='direction', native_enum=False), nullable=True),
    sa.Column('measurement_type', sa.Enum('availability', 'response_time', 'resolution_time', 'satisfaction', 'delivery_date', 'throughput', 'other', name='measurementtype', native_enum=False), nullable=True),
    sa.Column('frequency', sa.Enum('weekly', 'monthly', 'quarterly', name='frequency', native_enum=False), nullable=True),
    sa.Column('review_on', sa.Date(), nullable=True),
    sa.Column('agreed_at', sa.DateTime(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['contact_id'], ['contacts.id'], name=op.f('fk_expectations_contact_id_contacts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['interview_id'], ['interviews.id'], name=op.f('fk_expectations_interview_id_interviews'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['rm_id'], ['staff.id'], name=op.f('fk_expectations_rm_id_staff'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['service_id'], ['services.id'], name=op.f('fk_expectations_service_id_services'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['unit_id'], ['business_units.id'], name=op.f('fk_expectations_unit_id_business_units'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_expectations'))
    )
    with op.batch_alter_table('expectations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_expectations_contact_id'), ['contact_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_expectations_interview_id'), ['interview_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_expectations_review_on'), ['review_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_expectations_rm_id'), ['rm_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_expectations_service_id'), ['service_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_expectations_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_expectations_unit_id'), ['unit_id'], unique=False)

    op.create_table('interview_contacts',
    sa.Column('interview_id', sa.Uuid(), nullable=False),
    sa.Column('contact_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['contact_id'], ['contacts.id'], name=op.f('fk_interview_contacts_contact_id_contacts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['interview_id'], ['interviews.id'], name=op.f('fk_interview_contacts_interview_id_interviews'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('interview_id', 'contact_id', name=op.f('pk_interview_contacts'))
    )
    with op.batch_alter_table('interview_contacts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_interview_contacts_contact_id'), ['contact_id'], unique=False)

    op.create_table('questions',
    sa.Column('section_id', sa.Uuid(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('open', 'restatement', 'rating', 'yes_no', 'choice', name='questionkind', native_enum=False), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('guidance', sa.Text(), nullable=False),
    sa.Column('choices', sa.JSON(), nullable=False),
    sa.Column('condition_question_id', sa.Uuid(), nullable=True),
    sa.Column('condition_value', sa.String(length=200), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['condition_question_id'], ['questions.id'], name=op.f('fk_questions_condition_question_id_questions'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['section_id'], ['script_sections.id'], name=op.f('fk_questions_section_id_script_sections'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_questions'))
    )
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_questions_section_id'), ['section_id'], unique=False)

    op.create_table('answers',
    sa.Column('interview_id', sa.Uuid(), nullable=False),
    sa.Column('question_id', sa.Uuid(), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['interview_id'], ['interviews.id'], name=op.f('fk_answers_interview_id_interviews'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['question_id'], ['questions.id'], name=op.f('fk_answers_question_id_questions'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_answers')),
    sa.UniqueConstraint('interview_id', 'question_id', name=op.f('uq_answers_interview_id'))
    )
    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_answers_interview_id'), ['interview_id'], unique=False)

    op.create_table('escalations',
    sa.Column('expectation_id', sa.Uuid(), nullable=False),
    sa.Column('raised_by_id', sa.Uuid(), nullable=True),
    sa.Column('rm_manager_id', sa.Uuid(), nullable=True),
    sa.Column('customer_manager_id', sa.Uuid(), nullable=True),
    sa.Column('status', sa.Enum('open', 'in_discussion', 'resolved', 'withdrawn', name='escalationstatus', native_enum=False), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('opened_at', sa.DateTime(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('resolved_at', sa.DateTime(), nullable=True),
    sa.Column('resolution', sa.Text(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['customer_manager_id'], ['contacts.id'], name=op.f('fk_escalations_customer_manager_id_contacts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['expectation_id'], ['expectations.id'], name=op.f('fk_escalations_expectation_id_expectations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['raised_by_id'], ['staff.id'], name=op.f('fk_escalations_raised_by_id_staff'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['rm_manager_id'], ['staff.id'], name=op.f('fk_escalations_rm_manager_id_staff'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_escalations'))
    )
    with op.batch_alter_table('escalations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_escalations_expectation_id'), ['expectation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_escalations_opened_at'), ['opened_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_escalations_rm_manager_id'), ['rm_manager_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_escalations_status'), ['status'], unique=False)

    op.create_table('expectation_events',
    sa.Column('expectation_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.Enum('stated', 'validated', 'proposed', 'counter_proposed', 'agreed', 'disagreed', 'escalated', 'withdrawn', 'reopened', 'note', name='eventkind', native_enum=False), nullable=False),
    sa.Column('author_id', sa.Uuid(), nullable=True),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('party', sa.Enum('it', 'customer', name='party', native_enum=False), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('proposed_target', sa.Float(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['staff.id'], name=op.f('fk_expectation_events_author_id_staff'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['expectation_id'], ['expectations.id'], name=op.f('fk_expectation_events_expectation_id_expectations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_expectation_events'))
    )
    with op.batch_alter_table('expectation_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_expectation_events_expectation_id'), ['expectation_id'], unique=False)

    op.create_table('measurements',
    sa.Column('expectation_id', sa.Uuid(), nullable=False),
    sa.Column('period', sa.String(length=10), nullable=False),
    sa.Column('value', sa.Float(), nullable=False),
    sa.Column('target', sa.Float(), nullable=False),
    sa.Column('met', sa.Boolean(), nullable=False),
    sa.Column('recorded_by_id', sa.Uuid(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('miss_cause', sa.Text(), nullable=False),
    sa.Column('miss_resolution', sa.Text(), nullable=False),
    sa.Column('miss_prevention', sa.Text(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['expectation_id'], ['expectations.id'], name=op.f('fk_measurements_expectation_id_expectations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['staff.id'], name=op.f('fk_measurements_recorded_by_id_staff'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_measurements')),
    sa.UniqueConstraint('expectation_id', 'period', name=op.f('uq_measurements_expectation_id'))
    )
    with op.batch_alter_table('measurements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_measurements_expectation_id'), ['expectation_id'], unique=False)

    op.create_table('escalation_events',
    sa.Column('escalation_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.Enum('opened', 'discussed', 'resolved', 'withdrawn', name='escalationeventkind', native_enum=False), nullable=False),
    sa.Column('author_id', sa.Uuid(), nullable=True),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['staff.id'], name=op.f('fk_escalation_events_author_id_staff'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['escalation_id'], ['escalations.id'], name=op.f('fk_escalation_events_escalation_id_escalations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_escalation_events'))
    )
    with op.batch_alter_table('escalation_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_escalation_events_escalation_id'), ['escalation_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('escalation_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_escalation_events_escalation_id'))

    op.drop_table('escalation_events')
    with op.batch_alter_table('measurements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_measurements_expectation_id'))

    op.drop_table('measurements')
    with op.batch_alter_table('expectation_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_expectation_events_expectation_id'))

    op.drop_table('expectation_events')
    with op.batch_alter_table('escalations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_escalations_status'))
        batch_op.drop_index(batch_op.f('ix_escalations_rm_manager_id'))
        batch_op.drop_index(batch_op.f('ix_escalations_opened_at'))
        batch_op.drop_index(batch_op.f('ix_escalations_expectation_id'))

    op.drop_table('escalations')
    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_answers_interview_id'))

    op.drop_table('answers')
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_questions_section_id'))

    op.drop_table('questions')
    with op.batch_alter_table('interview_contacts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_interview_contacts_contact_id'))

    op.drop_table('interview_contacts')
    with op.batch_alter_table('expectations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_expectations_unit_id'))
        batch_op.drop_index(batch_op.f('ix_expectations_status'))
        batch_op.drop_index(batch_op.f('ix_expectations_service_id'))
        batch_op.drop_index(batch_op.f('ix_expectations_rm_id'))
        batch_op.drop_index(batch_op.f('ix_expectations_review_on'))
        batch_op.drop_index(batch_op.f('ix_expectations_interview_id'))
        batch_op.drop_index(batch_op.f('ix_expectations_contact_id'))

    op.drop_table('expectations')
    with op.batch_alter_table('action_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_action_items_owner_staff_id'))
        batch_op.drop_index(batch_op.f('ix_action_items_meeting_id'))
        batch_op.drop_index(batch_op.f('ix_action_items_interview_id'))
        batch_op.drop_index(batch_op.f('ix_action_items_due_on'))

    op.drop_table('action_items')
    with op.batch_alter_table('survey_scores', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_survey_scores_survey_id'))

    op.drop_table('survey_scores')
    with op.batch_alter_table('script_sections', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_script_sections_version_id'))

    op.drop_table('script_sections')
    with op.batch_alter_table('meeting_staff', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_staff_staff_id'))

    op.drop_table('meeting_staff')
    with op.batch_alter_table('meeting_contacts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_contacts_contact_id'))

    op.drop_table('meeting_contacts')
    with op.batch_alter_table('interviews', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_interviews_unit_id'))
        batch_op.drop_index(batch_op.f('ix_interviews_status'))
        batch_op.drop_index(batch_op.f('ix_interviews_script_version_id'))
        batch_op.drop_index(batch_op.f('ix_interviews_scheduled_at'))
        batch_op.drop_index(batch_op.f('ix_interviews_rm_id'))

    op.drop_table('interviews')
    with op.batch_alter_table('assessments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assessments_contact_id'))

    op.drop_table('assessments')
    with op.batch_alter_table('unit_services', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_unit_services_unit_id'))
        batch_op.drop_index(batch_op.f('ix_unit_services_service_id'))

    op.drop_table('unit_services')
    with op.batch_alter_table('unit_rms', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_unit_rms_staff_id'))

    op.drop_table('unit_rms')
    with op.batch_alter_table('surveys', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_surveys_unit_id'))

    op.drop_table('surveys')
    with op.batch_alter_table('support_issues', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_support_issues_unit_id'))

    op.drop_table('support_issues')
    with op.batch_alter_table('script_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_script_versions_script_id'))

    op.drop_table('script_versions')
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meetings_unit_id'))
        batch_op.drop_index(batch_op.f('ix_meetings_held_at'))

    op.drop_table('meetings')
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contacts_unit_id'))
        batch_op.drop_index(batch_op.f('ix_contacts_name'))
        batch_op.drop_index(batch_op.f('ix_contacts_manager_id'))
        batch_op.drop_index(batch_op.f('ix_contacts_is_key'))

    op.drop_table('contacts')
    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_reports_to_id'))

    op.drop_table('staff')
    op.drop_table('settings')
    op.drop_table('services')
    op.drop_table('scripts')
    with op.batch_alter_table('business_units', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_business_units_head_id'))

    op.drop_table('business_units')
