<#import "_text.ftl" as text>
Hi ${customer.firstName!"there"},

<#if customer.joinedAt??>You've trusted us since ${customer.joinedAt?string("yyyy")}, and you've<#else>You've</#if> sent friends our way and
written back when I've asked. Thank you. A small thank-you in return:

Bring in everything you wear, whenever suits you this year, and we'll clean and inspect all
of it, at no charge.

That means each piece steamed and polished, every prong and setting checked under the loupe,
clasps and jump rings tested, and a written note of anything that will need attention before
it becomes a problem. Small fixes like tightening a loose stone or replacing a tired clasp
spring are on the house too.
<#if customer.interests?seq_contains("watches")>

Bring your watch as well: we'll check the battery and test the water resistance.
</#if>
<#if (customer.attributes.favourite_metal)?has_content>

I know you wear a lot of ${customer.attributes.favourite_metal}, so we'll give it a gentle
polish rather than a hard one. It keeps the detail crisp for decades.
</#if>

No appointment needed. Just mention this note at the counter. Most visits take about half an
hour, and there's always coffee.

<@text.signature/>

<@text.footer/>
