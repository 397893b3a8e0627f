-- Identity values handed out ten thousand at a time instead of H2's default 32: H2 writes its
-- sequence state to the file (a commit of its own, with every page the running transaction
-- has touched) each time a block runs out, which on a million-row import or a busy pixel was
-- a third of the work. A process that stops without closing the database skips the rest of
-- its block: ids may have gaps, never repeats.
alter table customers alter column id set cache 10000;
alter table events alter column id set cache 10000;
alter table replies alter column id set cache 1000;
