<#-- Plain-text partials for the .txt.ftl twins. A partial: never sent on its own. -->
<#macro signature closing="">
— Pano
<#if closing?has_content>
${closing}
<#else>
You can simply reply to this note. It comes straight to me, and I answer every one.
</#if>
</#macro>
<#macro footer>
--
You're getting this note because you're a customer of Kosmima, and now and then
Pano writes with something worth knowing about the jewelry you own.
Was this useful? Yes: ${links.useful}
Not for me: ${links.notForMe}
${sender.name} · ${sender.postalAddress}
Choose what you hear about: ${links.preferences}
No more notes: ${links.unsubscribe}
</#macro>
