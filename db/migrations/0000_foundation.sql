CREATE TABLE `campaign_section_translations` (
	`section_id` integer NOT NULL,
	`locale` text NOT NULL,
	`heading` text NOT NULL,
	`body_md` text NOT NULL,
	`body_html` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`section_id`, `locale`),
	FOREIGN KEY (`section_id`) REFERENCES `campaign_sections`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `campaign_sections` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`campaign_id` integer NOT NULL,
	`key` text NOT NULL,
	`kind` text NOT NULL,
	`position` integer NOT NULL,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `campaign_sections_key` ON `campaign_sections` (`campaign_id`,`key`);--> statement-breakpoint
CREATE TABLE `campaign_translations` (
	`campaign_id` integer NOT NULL,
	`locale` text NOT NULL,
	`title` text NOT NULL,
	`summary` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`campaign_id`, `locale`),
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `campaigns` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`status` text DEFAULT 'published' NOT NULL,
	`featured` integer DEFAULT false NOT NULL,
	`share_image` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `campaigns_slug_unique` ON `campaigns` (`slug`);--> statement-breakpoint
CREATE UNIQUE INDEX `campaigns_one_featured` ON `campaigns` (`featured`) WHERE featured = 1;--> statement-breakpoint
CREATE TABLE `petition_translations` (
	`petition_id` integer NOT NULL,
	`locale` text NOT NULL,
	`title` text NOT NULL,
	`addressee` text NOT NULL,
	`body_md` text NOT NULL,
	`body_html` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`petition_id`, `locale`),
	FOREIGN KEY (`petition_id`) REFERENCES `petitions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `petitions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`campaign_id` integer NOT NULL,
	`slug` text NOT NULL,
	`goal` integer NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`opens_at` integer,
	`closes_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `petitions_slug_unique` ON `petitions` (`slug`);--> statement-breakpoint
CREATE INDEX `petitions_campaign` ON `petitions` (`campaign_id`);--> statement-breakpoint
CREATE TABLE `quotation_translations` (
	`quotation_id` integer NOT NULL,
	`locale` text NOT NULL,
	`topic` text NOT NULL,
	`text` text NOT NULL,
	`attribution` text NOT NULL,
	`is_translation` integer NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`quotation_id`, `locale`),
	FOREIGN KEY (`quotation_id`) REFERENCES `quotations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `quotations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`campaign_id` integer NOT NULL,
	`key` text NOT NULL,
	`position` integer NOT NULL,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `quotations_key` ON `quotations` (`campaign_id`,`key`);--> statement-breakpoint
CREATE TABLE `source_translations` (
	`source_id` integer NOT NULL,
	`locale` text NOT NULL,
	`title` text NOT NULL,
	`publisher` text NOT NULL,
	`note` text,
	`version` integer DEFAULT 1 NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`source_id`, `locale`),
	FOREIGN KEY (`source_id`) REFERENCES `sources`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `sources` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`campaign_id` integer NOT NULL,
	`key` text NOT NULL,
	`url` text,
	`published_on` text,
	`position` integer NOT NULL,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sources_key` ON `sources` (`campaign_id`,`key`);--> statement-breakpoint
CREATE TABLE `timeline_event_translations` (
	`event_id` integer NOT NULL,
	`locale` text NOT NULL,
	`title` text NOT NULL,
	`description` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`event_id`, `locale`),
	FOREIGN KEY (`event_id`) REFERENCES `timeline_events`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `timeline_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`campaign_id` integer NOT NULL,
	`date` text NOT NULL,
	`approximate` integer DEFAULT false NOT NULL,
	`position` integer NOT NULL,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `timeline_events_campaign` ON `timeline_events` (`campaign_id`,`position`);--> statement-breakpoint
CREATE TABLE `countries` (
	`code` text PRIMARY KEY NOT NULL,
	`alpha3` text NOT NULL,
	`numeric` text,
	`name_en` text NOT NULL,
	`name_fa` text NOT NULL,
	`official_name_en` text NOT NULL,
	`un_member` integer NOT NULL,
	`un_regional_group` text,
	`region` text NOT NULL,
	`subregion` text
);
--> statement-breakpoint
CREATE INDEX `countries_un_member_idx` ON `countries` (`un_member`);