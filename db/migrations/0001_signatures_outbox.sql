CREATE TABLE `petition_country_counts` (
	`petition_id` integer NOT NULL,
	`country` text NOT NULL,
	`confirmed` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`petition_id`, `country`),
	FOREIGN KEY (`petition_id`) REFERENCES `petitions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `petition_counts` (
	`petition_id` integer PRIMARY KEY NOT NULL,
	`confirmed` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`petition_id`) REFERENCES `petitions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `signature_tokens` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`signature_id` integer NOT NULL,
	`purpose` text NOT NULL,
	`expires_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`signature_id`) REFERENCES `signatures`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `signature_tokens_signature` ON `signature_tokens` (`signature_id`);--> statement-breakpoint
CREATE TABLE `signatures` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`petition_id` integer NOT NULL,
	`email_hash` text NOT NULL,
	`email_enc` blob NOT NULL,
	`name_enc` blob NOT NULL,
	`public_name` text,
	`country` text NOT NULL,
	`comment_enc` blob,
	`comment_status` text DEFAULT 'none' NOT NULL,
	`show_publicly` integer DEFAULT false NOT NULL,
	`wants_updates` integer DEFAULT false NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`invalid_reason` text,
	`locale` text NOT NULL,
	`emails_sent` integer DEFAULT 0 NOT NULL,
	`ip_hash` text,
	`pow_verified` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`confirmed_at` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`petition_id`) REFERENCES `petitions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`country`) REFERENCES `countries`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `signatures_petition_email` ON `signatures` (`petition_id`,`email_hash`);--> statement-breakpoint
CREATE INDEX `signatures_recent_public` ON `signatures` (`petition_id`,`confirmed_at`) WHERE status = 'confirmed' AND show_publicly = 1;--> statement-breakpoint
CREATE INDEX `signatures_status_created` ON `signatures` (`status`,`created_at`);--> statement-breakpoint
CREATE TABLE `mailbox_messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`message_enc` blob NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`template` text NOT NULL,
	`locale` text NOT NULL,
	`to_enc` blob,
	`payload_enc` blob,
	`recipient_key` text NOT NULL,
	`status` text DEFAULT 'queued' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`last_error` text,
	`message_id` text NOT NULL,
	`signature_id` integer,
	`letter_id` integer,
	`created_at` integer NOT NULL,
	`sent_at` integer
);
--> statement-breakpoint
CREATE INDEX `outbox_due` ON `outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `outbox_signature` ON `outbox` (`signature_id`);--> statement-breakpoint
CREATE INDEX `outbox_letter` ON `outbox` (`letter_id`);