<#import "_text.ftl" as text>
Hi ${customer.firstName!"there"},

Last spring a young woman set an envelope on my counter. Inside were her grandmother's
pearls: the silk had given way years ago, and everything had been kept loose in that
envelope, in a drawer, ever since. She was getting married in June.

We counted sixty-one pearls. The strand had almost certainly been sixty-two, but nobody
could remember, and it didn't matter. I matched them by size, knotted each one on new silk,
and kept the original clasp, worn smooth, with her grandmother's initials still just
readable on the back.

She came to collect them with her mother, who cried before the box was fully open. In June
I got a photo from the wedding. The pearls sat exactly where they had sat on her
grandmother, fifty-some years before.

Almost every family has an envelope like that. A broken chain, a
single earring, a ring that no longer fits anyone. Most of them can be made wearable again,
or made into something new that keeps the old piece's story.

<#if customer.interests?seq_contains("pearls") || customer.interests?seq_contains("vintage")>
If you have one of those envelopes, I'd be glad to look at what's inside and tell you
honestly what it could become. There's no charge for looking.
<#else>
If there's one in your family, bring it in. There's no charge for looking.
</#if>

<@text.signature/>

<@text.footer/>
