Hi ${customer.firstName!"there"}, ${links.unsubscribe}
