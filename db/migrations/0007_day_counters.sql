CREATE TABLE `petition_day_counts` (
	`petition_id` integer NOT NULL,
	`day` integer NOT NULL,
	`submitted` integer DEFAULT 0 NOT NULL,
	`pending` integer DEFAULT 0 NOT NULL,
	`invalidated` integer DEFAULT 0 NOT NULL,
	`confirmed` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`petition_id`, `day`)
);
--> statement-breakpoint
-- The staff dashboard's per-day figures (db/schema/signatures.ts, petitionDayCounts), kept by triggers so that
-- every change of a signature moves them in its own transaction, whichever code makes it. Each trigger adds
-- what the new row counts for and takes away what the old one counted for; a day's row is created by its
-- first signature. Days are UTC days: created_at and confirmed_at are milliseconds since the epoch.
CREATE TRIGGER `signatures_day_counts_insert` AFTER INSERT ON `signatures` BEGIN
  INSERT INTO `petition_day_counts` (`petition_id`, `day`, `submitted`, `pending`, `invalidated`)
    VALUES (new.petition_id, new.created_at / 86400000, 1, new.status = 'pending', new.status = 'invalidated')
    ON CONFLICT (`petition_id`, `day`) DO UPDATE SET
      `submitted` = `submitted` + 1, `pending` = `pending` + excluded.`pending`, `invalidated` = `invalidated` + excluded.`invalidated`;
  INSERT INTO `petition_day_counts` (`petition_id`, `day`, `confirmed`)
    SELECT new.petition_id, new.confirmed_at / 86400000, 1 WHERE new.status = 'confirmed' AND new.confirmed_at IS NOT NULL
    ON CONFLICT (`petition_id`, `day`) DO UPDATE SET `confirmed` = `confirmed` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `signatures_day_counts_delete` AFTER DELETE ON `signatures` BEGIN
  UPDATE `petition_day_counts` SET
      `submitted` = `submitted` - 1, `pending` = `pending` - (old.status = 'pending'), `invalidated` = `invalidated` - (old.status = 'invalidated')
    WHERE `petition_id` = old.petition_id AND `day` = old.created_at / 86400000;
  UPDATE `petition_day_counts` SET `confirmed` = `confirmed` - 1
    WHERE old.status = 'confirmed' AND old.confirmed_at IS NOT NULL AND `petition_id` = old.petition_id AND `day` = old.confirmed_at / 86400000;
END;
--> statement-breakpoint
CREATE TRIGGER `signatures_day_counts_update` AFTER UPDATE OF `petition_id`, `status`, `created_at`, `confirmed_at` ON `signatures`
  WHEN old.petition_id IS NOT new.petition_id OR old.status IS NOT new.status OR old.created_at IS NOT new.created_at OR old.confirmed_at IS NOT new.confirmed_at
BEGIN
  UPDATE `petition_day_counts` SET
      `submitted` = `submitted` - 1, `pending` = `pending` - (old.status = 'pending'), `invalidated` = `invalidated` - (old.status = 'invalidated')
    WHERE `petition_id` = old.petition_id AND `day` = old.created_at / 86400000;
  UPDATE `petition_day_counts` SET `confirmed` = `confirmed` - 1
    WHERE old.status = 'confirmed' AND old.confirmed_at IS NOT NULL AND `petition_id` = old.petition_id AND `day` = old.confirmed_at / 86400000;
  INSERT INTO `petition_day_counts` (`petition_id`, `day`, `submitted`, `pending`, `invalidated`)
    VALUES (new.petition_id, new.created_at / 86400000, 1, new.status = 'pending', new.status = 'invalidated')
    ON CONFLICT (`petition_id`, `day`) DO UPDATE SET
      `submitted` = `submitted` + 1, `pending` = `pending` + excluded.`pending`, `invalidated` = `invalidated` + excluded.`invalidated`;
  INSERT INTO `petition_day_counts` (`petition_id`, `day`, `confirmed`)
    SELECT new.petition_id, new.confirmed_at / 86400000, 1 WHERE new.status = 'confirmed' AND new.confirmed_at IS NOT NULL
    ON CONFLICT (`petition_id`, `day`) DO UPDATE SET `confirmed` = `confirmed` + 1;
END;
--> statement-breakpoint
-- The signatures already stored.
INSERT INTO `petition_day_counts` (`petition_id`, `day`, `submitted`, `pending`, `invalidated`)
  SELECT `petition_id`, `created_at` / 86400000, count(*), sum(`status` = 'pending'), sum(`status` = 'invalidated')
  FROM `signatures` GROUP BY 1, 2;
--> statement-breakpoint
INSERT INTO `petition_day_counts` (`petition_id`, `day`, `confirmed`)
  SELECT `petition_id`, `confirmed_at` / 86400000, count(*) FROM `signatures`
  WHERE `status` = 'confirmed' AND `confirmed_at` IS NOT NULL GROUP BY 1, 2
  ON CONFLICT (`petition_id`, `day`) DO UPDATE SET `confirmed` = excluded.`confirmed`;
