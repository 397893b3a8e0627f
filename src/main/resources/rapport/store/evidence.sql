-- name: by-piece-and-stage
-- One verdict per note, counted per piece and stage: a rating decides it; without one, leaving
-- through the note counts against the piece before a click or reply counts for it (someone who
-- clicked and then unsubscribed did not find it valuable). Only note_feedback is read: it holds a
-- row per note that drew any verdict, so this stays small however many notes went out.
select piece, stage,
       sum(case when rating = 'useful' then 1 else 0 end) as useful,
       sum(case when rating = 'not-for-me' then 1 else 0 end) as not_for_me,
       sum(case when rating is null and left_after = false and engaged = true then 1 else 0 end) as engaged,
       sum(case when rating is null and left_after = true then 1 else 0 end) as left_after
from note_feedback
group by piece, stage
