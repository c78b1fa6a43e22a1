CREATE TABLE `letter_batches` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`campaign_id` integer NOT NULL,
	`email_hash` text NOT NULL,
	`email_enc` blob,
	`name_enc` blob,
	`city_enc` blob,
	`country` text NOT NULL,
	`reachable` integer NOT NULL,
	`locale` text NOT NULL,
	`interface_locale` text NOT NULL,
	`status` text NOT NULL,
	`ip_hash` text,
	`created_at` integer NOT NULL,
	`confirmed_at` integer,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `letter_batches_email` ON `letter_batches` (`campaign_id`,`email_hash`);--> statement-breakpoint
CREATE INDEX `letter_batches_status` ON `letter_batches` (`status`,`created_at`);--> statement-breakpoint
CREATE TABLE `letter_counts` (
	`campaign_id` integer NOT NULL,
	`state` text NOT NULL,
	`delivered` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`campaign_id`, `state`),
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `letter_settings` (
	`campaign_id` integer PRIMARY KEY NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`editable` integer DEFAULT true NOT NULL,
	`max_length` integer DEFAULT 4000 NOT NULL,
	`recipient_mode` text DEFAULT 'residence' NOT NULL,
	`group_id` integer,
	`max_states` integer DEFAULT 1 NOT NULL,
	`max_letters_per_supporter` integer DEFAULT 6 NOT NULL,
	`extra_recipient_ids` text DEFAULT '[]' NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`group_id`) REFERENCES `target_groups`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `letter_templates` (
	`campaign_id` integer NOT NULL,
	`locale` text NOT NULL,
	`subject` text NOT NULL,
	`body` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`campaign_id`, `locale`),
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `letter_tokens` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`batch_id` integer NOT NULL,
	`purpose` text NOT NULL,
	`expires_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`batch_id`) REFERENCES `letter_batches`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `letter_tokens_batch` ON `letter_tokens` (`batch_id`);--> statement-breakpoint
CREATE TABLE `letters` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`batch_id` integer NOT NULL,
	`campaign_id` integer NOT NULL,
	`recipient_id` integer NOT NULL,
	`state` text,
	`email_hash` text NOT NULL,
	`subject_enc` blob,
	`body_enc` blob,
	`status` text NOT NULL,
	`failure_reason` text,
	`created_at` integer NOT NULL,
	`queued_at` integer,
	`sent_at` integer,
	FOREIGN KEY (`batch_id`) REFERENCES `letter_batches`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`recipient_id`) REFERENCES `recipients`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `letters_one_per_recipient` ON `letters` (`campaign_id`,`email_hash`,`recipient_id`) WHERE status <> 'cancelled';--> statement-breakpoint
CREATE INDEX `letters_batch` ON `letters` (`batch_id`);--> statement-breakpoint
CREATE INDEX `letters_recipient_status` ON `letters` (`recipient_id`,`status`);--> statement-breakpoint
CREATE TABLE `recipients` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`country` text,
	`key` text,
	`name_en` text NOT NULL,
	`name_fa` text,
	`salutation_en` text DEFAULT 'Excellency' NOT NULL,
	`salutation_fa` text DEFAULT 'عالیجناب' NOT NULL,
	`email` text,
	`status` text DEFAULT 'unverified' NOT NULL,
	`postal_address` text,
	`phone` text,
	`website` text,
	`source` text NOT NULL,
	`demo` integer DEFAULT false NOT NULL,
	`status_reason` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`country`) REFERENCES `countries`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `recipients_mission` ON `recipients` (`kind`,`country`) WHERE kind <> 'other';--> statement-breakpoint
CREATE UNIQUE INDEX `recipients_key` ON `recipients` (`key`) WHERE key IS NOT NULL;--> statement-breakpoint
CREATE INDEX `recipients_country` ON `recipients` (`country`);--> statement-breakpoint
CREATE TABLE `target_group_members` (
	`group_id` integer NOT NULL,
	`country` text NOT NULL,
	PRIMARY KEY(`group_id`, `country`),
	FOREIGN KEY (`group_id`) REFERENCES `target_groups`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`country`) REFERENCES `countries`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `target_groups` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`name_en` text NOT NULL,
	`name_fa` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `target_groups_key` ON `target_groups` (`key`);--> statement-breakpoint
CREATE TABLE `verified_browsers` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`email_hash` text NOT NULL,
	`expires_at` integer NOT NULL
);
