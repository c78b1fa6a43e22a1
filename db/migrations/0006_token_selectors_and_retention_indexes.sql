PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_signature_tokens` (
	`id` integer PRIMARY KEY NOT NULL,
	`token_hash` text NOT NULL,
	`legacy` integer DEFAULT false NOT NULL,
	`signature_id` integer NOT NULL,
	`purpose` text NOT NULL,
	`expires_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`signature_id`) REFERENCES `signatures`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
-- Every token issued so far is a legacy one (the link carries the secret alone): found by its hash, as before.
INSERT INTO `__new_signature_tokens`("id", "token_hash", "legacy", "signature_id", "purpose", "expires_at", "created_at") SELECT rowid, "token_hash", 1, "signature_id", "purpose", "expires_at", "created_at" FROM `signature_tokens`;--> statement-breakpoint
DROP TABLE `signature_tokens`;--> statement-breakpoint
ALTER TABLE `__new_signature_tokens` RENAME TO `signature_tokens`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `signature_tokens_signature` ON `signature_tokens` (`signature_id`);--> statement-breakpoint
CREATE INDEX `signature_tokens_expiry` ON `signature_tokens` (`expires_at`) WHERE expires_at IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `signature_tokens_legacy` ON `signature_tokens` (`token_hash`) WHERE legacy = 1;--> statement-breakpoint
CREATE INDEX `signatures_ip_hash_age` ON `signatures` (`created_at`) WHERE ip_hash IS NOT NULL;--> statement-breakpoint
CREATE INDEX `letter_batches_ip_hash_age` ON `letter_batches` (`created_at`) WHERE ip_hash IS NOT NULL;--> statement-breakpoint
CREATE INDEX `letter_tokens_expiry` ON `letter_tokens` (`expires_at`) WHERE expires_at IS NOT NULL;--> statement-breakpoint
CREATE INDEX `letters_unscrubbed` ON `letters` (`status`,`sent_at`) WHERE body_enc IS NOT NULL;