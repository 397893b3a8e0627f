<#-- Plain-text partials for the .txt.ftl twins, if you write any (a piece without one gets a
     text part made from its HTML). A partial: never sent on its own. -->
<#macro signature closing="">
— ${sender.name}
<#if closing?has_content>
${closing}
<#else>
You can simply reply to this note. It comes straight to us, and we answer every one.
</#if>
</#macro>
<#macro footer>
--
You're getting this note because you're a customer of ${sender.name}, and now and then
we write with something worth knowing about what you bought from us.
Was this useful? Yes: ${links.useful}
Not for me: ${links.notForMe}
${sender.name} · ${sender.postalAddress}
Choose what you hear about: ${links.preferences}
No more notes: ${links.unsubscribe}
</#macro>
