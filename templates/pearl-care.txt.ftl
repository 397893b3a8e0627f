<#import "_text.ftl" as text>
Hi ${customer.firstName!"there"},

Pearls grow in a living thing, and they stay a little alive: soft, slightly porous, and easily
dulled by what we put on our skin. Three habits keep them glowing for generations.

1. Last on, first off.
Put pearls on after perfume, hairspray and lotion have dried, and take them off before you
wash up at night. Those products are what eat the luster.

2. A soft cloth after wearing.
Wipe each pearl with a soft, barely damp cloth, then let the strand dry lying flat. Wet silk
stretches if it hangs, and that's how gaps appear between the knots.

3. Store them flat, and let them breathe.
A soft pouch or a lined tray, away from harder stones that scratch. Not a sealed plastic bag:
pearls need a little moisture in the air, or they can dry out and crack.

If you wear them often, have them restrung every few years. The sign is easy to spot: if you
can see the silk between the knots, or the strand drapes looser than it used to, it's time.
Bring them by and I'll look at the knots for free.

<@text.signature/>

<@text.footer/>
