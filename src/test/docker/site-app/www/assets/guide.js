console.log("guide");
