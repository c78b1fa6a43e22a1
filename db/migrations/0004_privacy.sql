CREATE TABLE `data_requests` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`email_hash` text NOT NULL,
	`locale` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer
);
--> statement-breakpoint
CREATE INDEX `data_requests_email` ON `data_requests` (`email_hash`);--> statement-breakpoint
ALTER TABLE `campaigns` ADD `discreet` integer DEFAULT false NOT NULL;